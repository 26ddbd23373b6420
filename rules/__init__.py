"""The rule engine of OCPP 2.0.1 certification planning, in plain Python.

- `conditions`: the condition language of Part 5 (parser, tree, canonical text);
- `evaluation`: three-valued evaluation of conditions and the reasons for a verdict;
- `catalogue`: helpers over an edition's catalogue as plain data;
- `integrity`: the checks of a catalogue edition (conditions, rules, ids);
- `document`: the PICS interchange format `certplanner.pics/1`;
- `validation`: the one validation of a PICS against its catalogue;
- `planner`: a PICS and its catalogue in, the test plan out.

No module here imports Django or the apps: they call the engine, never the reverse.
"""
