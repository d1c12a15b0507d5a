"""Large batches on several cores: worker processes map the saved index and give what one process gives."""

import pytest

from ksdesk.screening import cores, parallel
from ksdesk.screening.index import load_index

NAMES = ["NUDT", "Beijing Institute of Technology", "Department of Physics, Tsinghua University, Beijing",
         "北京理工大学", "Huawei", "nudt.edu.cn", "", "University of Amsterdam, Netherlands"]


@pytest.fixture
def saved(index, tmp_path):
    path = tmp_path / "screening.idx"
    index.save(path)
    yield load_index(path)
    parallel.shutdown()


def _same(resolutions):
    return [(r.query, r.country, r.chosen, [vars(h) for h in r.hits]) for r in resolutions]


def test_worker_processes_resolve_a_batch_as_one_process_does_in_input_order(saved, monkeypatch):
    monkeypatch.setattr(cores, "available", lambda: 3)
    monkeypatch.setattr(parallel, "PARALLEL_ROWS", 2)
    names = NAMES * 3
    countries = ["cn", None, "cn", None, "us", None, None, "nl"] * 3
    assert _same(parallel.resolve_batch(saved, names, countries)) == _same(saved.resolve_many(names, countries))
    # The workers stay up for the next batch on the same file.
    first = parallel._pool
    parallel.resolve_batch(saved, names[:4])
    assert parallel._pool is first


def test_a_new_index_file_gets_new_workers(saved, index, tmp_path, monkeypatch):
    monkeypatch.setattr(cores, "available", lambda: 2)
    monkeypatch.setattr(parallel, "PARALLEL_ROWS", 2)
    parallel.resolve_batch(saved, NAMES)
    first = parallel._pool
    other = tmp_path / "other.idx"
    index.save(other)
    assert _same(parallel.resolve_batch(load_index(other), NAMES)) == _same(saved.resolve_many(NAMES))
    assert parallel._pool is not first and parallel._pool[0] == other


def test_small_batches_unsaved_indexes_and_one_core_stay_in_the_calling_process(saved, index, monkeypatch):
    monkeypatch.setattr(parallel, "PARALLEL_ROWS", 2)
    monkeypatch.setattr(cores, "available", lambda: 1)
    parallel.resolve_batch(saved, NAMES)
    monkeypatch.setattr(cores, "available", lambda: 2)
    parallel.resolve_batch(index, NAMES)  # built in memory: no file for workers to map
    parallel.resolve_batch(saved, NAMES[:1])
    assert parallel._pool is None



def test_a_batch_whose_worker_died_is_screened_all_the_same_and_the_next_gets_new_workers(saved, monkeypatch):
    monkeypatch.setattr(cores, "available", lambda: 2)
    monkeypatch.setattr(parallel, "PARALLEL_ROWS", 2)
    parallel.resolve_batch(saved, NAMES)
    broken = parallel._pool
    assert broken is not None
    for process in list(broken[1]._processes.values()):
        process.kill()
        process.join()
    assert _same(parallel.resolve_batch(saved, NAMES)) == _same(saved.resolve_many(NAMES))
    assert _same(parallel.resolve_batch(saved, NAMES)) == _same(saved.resolve_many(NAMES))
    assert parallel._pool is not None and parallel._pool is not broken
