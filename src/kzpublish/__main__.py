import sys

from kzpublish.cli import main

sys.exit(main())
