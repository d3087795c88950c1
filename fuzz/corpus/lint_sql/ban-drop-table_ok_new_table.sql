CREATE TABLE tmp_import (a int);
DROP TABLE tmp_import;
