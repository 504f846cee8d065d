#include <sqlite3.h>
#include "CEthosSQLite.h"

int ethos_sqlite_stop_counting_memory(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

int ethos_sqlite_counts_memory(void) {
    return sqlite3_memory_highwater(0) > 0;
}
