"""Safe Power box library: pure Python, no Home Assistant import.

The box model, device profiles, the Modbus reader/writer and the supply-quality maths. The
integration, the simulator and the bridge all use this package as their single source of truth.
"""
