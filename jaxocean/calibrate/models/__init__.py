"""Thin adapters that turn jaxocean models into calibration forward models.

``traps``: export profiles (``jaxocean.export``) vs sediment-trap PIC/POC fluxes;
``co2_factor``: REcoM CO2 factor (``jaxocean.recom``) vs rate observations, with the
carbonate solver (``jaxocean.carbonate``) inside the loss; ``pic_chain``: the REcoM
calcification chain (surface chemistry -> CO2 factor -> export PIC:POC -> Omega-driven
dissolution) vs trap PIC and POC, chemistry solved inside the loss; ``boats``: BOATS
parameters vs catch targets (``jaxocean.boats``).
"""
