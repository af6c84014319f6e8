import pytest

from scorm.bench import bench_import


@pytest.mark.django_db
def test_a_20_mb_package_imports_quickly():
    # make bench runs the 100 MB case; here a fifth of it, to keep the suite fast.
    assert bench_import(size_mb=20) < 5
