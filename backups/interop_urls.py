# Common Cartridge export/import and Moodle .mbz import (backups/cartridge.py, backups/moodle.py).
urlpatterns = []
