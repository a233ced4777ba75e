"""Offline CF-1.8 check with the IOOS compliance-checker (its standard-name table ships in the
package, so nothing is downloaded): the "Errors" section of its report, as a list of messages."""

from __future__ import annotations

import warnings


def cf_errors(path, *, level: int = 3) -> list[str]:
    """Messages of the failed CF-1.8 checks of priority >= ``level`` (3: the report's errors)."""
    from compliance_checker.runner import CheckSuite

    suite = CheckSuite()
    suite.load_all_available_checkers()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = suite.load_dataset(str(path))
        groups = suite.run_all(ds, ["cf:1.8"], skip_checks=[])
    results, crashed = groups["cf:1.8"]
    errors = [f"checker crashed in {name}: {err}" for name, err in crashed.items()]
    for r in results:
        value = r.value
        failed = (not value) if isinstance(value, bool) else value[0] < value[1]
        if r.weight >= level and failed:
            errors.extend(f"{r.name}: {m}" for m in (r.msgs or ["failed"]))
    return errors


def assert_cf_clean(path) -> None:
    """Fail listing the CF errors of ``path`` (none expected)."""
    errors = cf_errors(path)
    assert not errors, f"{path}: CF-1.8 errors:\n" + "\n".join(errors)
