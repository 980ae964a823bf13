import sys

from gausslab.grading.cli import main

sys.exit(main())
