"""Readers and writers: the only place xarray/netCDF/MATLAB files meet the library.

Everything here runs on the host, never inside jitted code, and converts to the models'
internal units once.
"""
