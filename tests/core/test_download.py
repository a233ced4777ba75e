import pytest

from jaxocean.cli import main
from jaxocean.core.validate import InputError
from jaxocean.io import download


def test_fetch_copies_from_url_and_checks_checksum(tmp_path, monkeypatch):
    src = tmp_path / "src.tab"
    src.write_text("/* header */\nLatitude\tLongitude\n1\t2\n")
    fake = download.Dataset("mouw2016", "mouw/GO_flux.tab", "test", src.as_uri(), "x")
    monkeypatch.setitem(download.DATASETS, "mouw2016", fake)
    out = download.fetch("mouw2016", tmp_path / "data")
    assert out == tmp_path / "data" / "mouw" / "GO_flux.tab"
    assert out.read_text() == src.read_text()
    with pytest.raises(InputError, match="checksum mismatch"):
        download.fetch("mouw2016", tmp_path / "data2", sha256="0" * 64)
    assert not (tmp_path / "data2" / "mouw" / "GO_flux.tab").exists()


def test_manual_and_unknown_datasets_explain_themselves():
    with pytest.raises(InputError, match="ocim2: no direct download; get it from https://tdevries"):
        download.fetch("ocim2")
    with pytest.raises(InputError, match="unknown name 'nope'"):
        download.fetch("nope")


def test_cli_list(capsys):
    assert main(["data", "list"]) == 0
    out = capsys.readouterr().out
    assert "mouw2016" in out and "PANGAEA" in out


def test_cli_errors_are_one_line_exit_2(tmp_path, monkeypatch, capsys):
    assert main(["data", "fetch", "ocim2"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jaxocean data: error: dataset ocim2: no direct download") and err.count("\n") == 1
    missing = download.Dataset("mouw2016", "m/GO_flux.tab", "test", (tmp_path / "absent.tab").as_uri(), "x")
    monkeypatch.setitem(download.DATASETS, "mouw2016", missing)
    assert main(["data", "fetch", "mouw2016", "--dest", str(tmp_path)]) == 2      # URLError, no traceback
    err = capsys.readouterr().err
    assert err.startswith("jaxocean data: error:") and err.count("\n") == 1


def test_version(capsys):
    import jaxocean

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.strip() == f"jaxocean {jaxocean.__version__}"
