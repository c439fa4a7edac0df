# Runs every scenario vector (tests/scenarios/arp/*.json) against the firmware on CPython, one test per vector, each
# with every seed the vector names. The simulator runs the same files (arp-firmware-sim/test/scenarios.test.ts).
import unittest

from tests.scenario_runner import check_trace, load_vector, run_vector, vector_files


class ScenarioVectors(unittest.TestCase):
    def test_there_are_vectors(self):
        self.assertGreaterEqual(len(vector_files()), 20)


def _make_test(file_name):
    def test(self):
        v = load_vector(file_name)
        for seed in v["seeds"]:
            errors = check_trace(v, run_vector(v, seed))
            self.assertEqual(errors, [], "%s, seed %d:\n  %s" % (file_name, seed, "\n  ".join(errors)))

    return test


for _name in vector_files():
    setattr(ScenarioVectors, "test_" + _name[:-5].replace("-", "_"), _make_test(_name))


if __name__ == "__main__":
    unittest.main()
