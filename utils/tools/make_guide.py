"""`make guide`: the teacher guide and the printable handouts (utils/teacher/guide.py) in docs/."""
import sys

from utils.teacher import guide

if __name__ == "__main__":
    sys.exit(guide.main(sys.argv[1:]))
