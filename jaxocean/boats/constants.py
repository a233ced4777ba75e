"""Unit constants of the BOATS code (parameters.m): 360-day year, carbon and wet-mass conversions."""

SECONDS_PER_DAY = 86400.0
SECONDS_PER_YEAR = 360.0 * SECONDS_PER_DAY   # BOATS year: 360 d = 31 104 000 s
MMOLC_TO_WET_G = 0.12                         # g wet mmolC-1 (12 mg C mmol-1 x 10 g wet g C-1)
MG_C_PER_MMOL = 12.0                          # mg C mmolC-1, the carbon mass BOATS uses
EGG_THRESHOLD = 0.001 / SECONDS_PER_YEAR      # eggs m-2 g-1 s-1 below which N_eggs is set to 0
