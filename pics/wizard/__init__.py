"""The PICS and its wizard: the steps and their forms, the live panel, the PICS
list, import, export and duplication, and the plan pages and downloads."""
