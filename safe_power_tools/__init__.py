"""Tools around the Safe Power integration: the box simulator and the Modbus-to-MQTT bridge.

They use the integration's own box library (`custom_components.safe_power.box`), so the register
layout has a single source of truth: the device profiles.
"""
