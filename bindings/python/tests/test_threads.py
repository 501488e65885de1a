"""Several threads at once: results stay right and error messages never cross threads."""

import threading
import unittest
from decimal import Decimal

import kalkyl


class Threads(unittest.TestCase):
    THREADS = 8
    ROUNDS = 300

    def test_errors_do_not_cross_threads(self):
        barrier = threading.Barrier(self.THREADS)
        problems = []
        column = "\n".join("%d,%02d" % (i, i % 100) for i in range(20000)).encode()
        column_sum = kalkyl.Column.parse_lines(column).sum()

        def work(tid):
            try:
                barrier.wait()
                for i in range(self.ROUNDS):
                    bad = "fel-%d-%d" % (tid, i)
                    try:
                        kalkyl.parse(bad)
                    except kalkyl.ParseError as exc:
                        if bad not in str(exc):
                            problems.append("thread %d got another thread's message: %s" % (tid, exc))
                    else:
                        problems.append("thread %d: %r parsed" % (tid, bad))
                    # A success in between must not disturb the next failure's message.
                    if kalkyl.add(Decimal(tid), Decimal(i) / 100) != tid + Decimal(i) / 100:
                        problems.append("thread %d: wrong sum" % tid)
                    try:
                        kalkyl.parse_array(["1", "2", bad + "x"])
                    except kalkyl.ParseError as exc:
                        if exc.index != 2 or bad + "x" not in str(exc):
                            problems.append("thread %d: batch error %r" % (tid, exc))
                    try:
                        kalkyl.div(tid, 0, 2, "half_up")
                    except kalkyl.DivisionByZeroError as exc:
                        if "div" not in str(exc):
                            problems.append("thread %d: division message %r" % (tid, exc))
                    if i % 50 == 0 and kalkyl.Column.parse_lines(column).sum() != column_sum:
                        problems.append("thread %d: column sum differs" % tid)
            except Exception as exc:  # noqa: BLE001 (report everything)
                problems.append("thread %d raised %r" % (tid, exc))

        threads = [threading.Thread(target=work, args=(t,)) for t in range(self.THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(problems, [])


if __name__ == "__main__":
    unittest.main()
