"""A charging station's own description of itself (its OCPP 2.0.1 device model and
BootNotification) turned into proposed PICS answers, through `devicemodel`."""
