"""Model-agnostic machinery shared by every jaxocean model: the scan driver, input
validation, precision control and unit conversion."""
