import numpy as np
import pytest

from jaxocean.core.grid import (area_map, cell_area_exact, cell_centres, cell_edges, cell_index, cell_widths,
                                global_total_pg_per_year, one_degree_cell_id, pixel_area, sphere_area)


def test_exact_cell_areas_sum_to_sphere():
    lat, lon = cell_centres(1.0)
    total = float(np.sum(cell_area_exact(lat)) * lon.size)
    assert abs(total / sphere_area() - 1.0) < 1e-6
    assert abs(total / sphere_area() - 1.0) < 1e-12


def test_seed_eq5_pixel_area():
    # Eq. 5 at the equator: (40075.017 / 360) km x (40007.864 / 360) km
    assert float(pixel_area(0.0)) == pytest.approx(40075.017 / 360 * 40007.864 / 360 * 1e6, rel=1e-14)
    assert float(pixel_area(60.0)) == pytest.approx(0.5 * float(pixel_area(0.0)), rel=1e-12)
    lat, lon = cell_centres(1.0)
    total = float(np.sum(area_map(lat, lon)))
    # midpoint rule in latitude: sum cos(lat_i) dlat = 2 sin(dlat/2)/(dlat/2) ... -> excess dlat^2 / 24
    dlat = np.pi / 180.0
    expected = (dlat / 2.0) / np.sin(dlat / 2.0)
    assert total / sphere_area() == pytest.approx(expected, rel=1e-9)
    assert abs(total / sphere_area() - 1.0) < 1.3e-5


def test_global_total_uniform_rate():
    lat, lon = cell_centres(1.0)
    area = area_map(lat, lon)
    rate = np.ones(area.shape)  # 1 g C m-2 d-1
    total = float(global_total_pg_per_year(rate, area, days_per_year=365.0))
    assert total == pytest.approx(float(np.sum(area)) * 365.0 / 1e15, rel=1e-12)
    half = np.broadcast_to((lat > 0)[:, None], area.shape)
    rate_nan = np.where(half, 1.0, np.nan)
    assert float(global_total_pg_per_year(rate_nan, area, days_per_year=365.0)) == pytest.approx(total / 2, rel=1e-9)


def test_cell_index_regular_and_conventions():
    lat_c = np.arange(-89.5, 90.0, 1.0)
    lon_360 = np.arange(0.5, 360.0, 1.0)
    i, k = cell_index([22.75, -0.2, 90.0], [-158.0, 359.9, 0.1], lat_c, lon_360)
    assert lat_c[i].tolist() == [22.5, -0.5, 89.5]
    assert lon_360[k].tolist() == [202.5, 359.5, 0.5]
    i2, _ = cell_index([22.75], [0.0], lat_c[::-1], lon_360)  # north-to-south storage
    assert lat_c[::-1][i2][0] == 22.5


def test_cell_index_irregular_latitudes():
    lat_c = np.array([-10.0, -3.0, -1.0, -0.25, 0.25, 1.0, 3.0, 10.0])
    edges = cell_edges(lat_c)
    assert edges[0] == -13.5 and edges[-1] == 13.5
    assert np.allclose(cell_widths(lat_c), np.diff(edges))
    i, _ = cell_index([0.1, -0.7, 2.1, 6.4, 6.6], [0, 0, 0, 0, 0], lat_c, np.arange(-179.5, 180, 1.0))
    assert lat_c[i].tolist() == [0.25, -1.0, 3.0, 3.0, 10.0]


def test_one_degree_cell_id():
    ids = one_degree_cell_id([0.5, 0.9, -0.1, 89.99], [179.9, 179.1, -180.0, 540.5])
    assert ids[0] == ids[1] != ids[2]
    assert ids[3] == 179 * 360 + 0
