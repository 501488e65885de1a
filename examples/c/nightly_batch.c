/*
** nightly_batch: what an ERP's nightly job does with kalkyl. It reads the
** day's ledger export (the semicolon CSV of docs/ledger-format.md: one line
** per row and month), loads it into a kalkyl_ledger, computes the follow-up
** through the last month with an outcome, and writes one line per
** verksamhet and one for the nämnd: budget, forecast and variance for the
** year, and budget, outcome and variance to date, in whole units of the
** export, as a semicolon CSV that the ERP imports back.
**
**   nightly_batch examples/data/huddinge_2021_08.csv 2021 > result.csv
**
** (YEAR is the financial year of the export; it names last year's column.)
**
** On Huddinge socialnämnd's export for August 2021 the output is the
** published table "Ekonomi, drift (per verksamhet)" line for line (ctest
** compares it with examples/data/huddinge_2021_08_tabell.csv).
**
** Amounts never pass through double: the export's text goes to
** kalkyl_dec_parse() and the results come back as text from
** kalkyl_dec_format(). Every failure is reported with the export's line
** and kalkyl's message, and the job exits with 2 (bad input) or 3 (a failure
** that is not the input's: out of memory); the ERP maps these to its own
** job states (see docs/integrator-guide.md).
**
** This program reads a simple subset of the format: UTF-8, no quoted
** fields, the columns id, förälder, namn, typ, månad, budget, utfall,
** utfall_fg_år and prognos in any order. `kalkyl report` reads all of it.
**
** Build it against an installed kalkyl:
**   cc -std=c99 nightly_batch.c $(pkg-config --cflags --libs kalkyl) -o nightly_batch
*/
#include <kalkyl.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    COL_ID,
    COL_PARENT,
    COL_NAME,
    COL_KIND,
    COL_MONTH,
    COL_BUDGET,
    COL_OUTCOME,
    COL_PRIOR,
    COL_FORECAST,
    N_COLS
};
static const char* const column_names[N_COLS] = {
    "id", "förälder", "namn", "typ", "månad", "budget", "utfall", "utfall_fg_år", "prognos"};

#define MAX_FIELDS 32
#define MAX_ROWS 1024
#define FORECAST "Prognos" /* the name the export's forecasts are stored under */

typedef struct row {
    char* id;
    char* parent; /* "" for the nämnd */
    char* name;
    kalkyl_row_kind kind;
    const char* forecast; /* the prognos field's text, or NULL */
    int forecast_line;
} row;

static const char* path;

/* Exit codes: the ERP's scheduler tells bad input from a broken machine. */
#define EXIT_INPUT 2
#define EXIT_SYSTEM 3

/* A kalkyl call failed: report it with where it happened. KALKYL_E_NO_MEMORY
** is the machine's fault; every other status is the input's. */
static int kalkyl_failure(int line, const char* what, kalkyl_status status) {
    if (line > 0)
        fprintf(stderr, "%s:%d: %s: %s (%s)\n", path, line, what, kalkyl_last_error(),
                kalkyl_status_name(status));
    else
        fprintf(stderr, "%s: %s: %s (%s)\n", path, what, kalkyl_last_error(),
                kalkyl_status_name(status));
    return status == KALKYL_E_NO_MEMORY ? EXIT_SYSTEM : EXIT_INPUT;
}

static int input_error(int line, const char* message) {
    fprintf(stderr, "%s:%d: %s\n", path, line, message);
    return EXIT_INPUT;
}

static size_t split(char* line, char** fields) {
    size_t n = 0;
    for (char* p = line; n < MAX_FIELDS;) {
        fields[n++] = p;
        p = strchr(p, ';');
        if (p == NULL) break;
        *p++ = '\0';
    }
    return n;
}

static kalkyl_status parse(const char* text, kalkyl_dec* out) {
    return kalkyl_dec_parse(text, strlen(text), KALKYL_LOCALE_SV_SE, out);
}

/* The index of the row with this id, or n when there is none. */
static size_t find_row(const row* rows, size_t n, const char* id) {
    size_t i = 0;
    while (i < n && strcmp(rows[i].id, id) != 0)
        ++i;
    return i;
}

/* Reads the whole file into a NUL-terminated buffer the caller frees. */
static char* read_file(const char* file_path) {
    FILE* f = fopen(file_path, "rb");
    char* buf = NULL;
    long size;
    if (f == NULL) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)size + 1)) != NULL) {
        if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
            free(buf);
            buf = NULL;
        } else {
            buf[size] = '\0';
        }
    }
    fclose(f);
    return buf;
}

/* Loads the export into ledger; *month receives the last month with an
** outcome. Returns 0 or an exit code. */
static int load(char* text, kalkyl_ledger* ledger, row* rows, size_t* n_rows, int* month) {
    int col[N_COLS], line = 0, header_seen = 0;
    kalkyl_status status;
    char* next = text;
    *n_rows = 0;
    *month = 0;
    while (next != NULL && *next != '\0') {
        char* fields[MAX_FIELDS];
        char* p = next;
        size_t n, i;
        next = strchr(p, '\n');
        if (next != NULL) *next++ = '\0';
        p[strcspn(p, "\r")] = '\0';
        ++line;
        if (*p == '\0' || *p == '#') continue;
        n = split(p, fields);
        if (!header_seen) {
            header_seen = 1;
            for (i = 0; i < N_COLS; ++i) {
                size_t f;
                col[i] = -1;
                for (f = 0; f < n; ++f)
                    if (strcmp(fields[f], column_names[i]) == 0) col[i] = (int)f;
                if (col[i] < 0 && i != COL_PRIOR) {
                    fprintf(stderr, "%s:%d: no column \"%s\" in the header\n", path, line,
                            column_names[i]);
                    return EXIT_INPUT;
                }
            }
            continue;
        }
        for (i = 0; i < N_COLS; ++i)
            if (col[i] >= (int)n) return input_error(line, "too few fields");
        const char* id = fields[col[COL_ID]];
        const char* kind = fields[col[COL_KIND]];
        const char* month_text = fields[col[COL_MONTH]];
        if (*kind != '\0') { /* a row's definition */
            row* r;
            if (*n_rows == MAX_ROWS) return input_error(line, "too many rows for this example");
            r = &rows[(*n_rows)++];
            r->id = fields[col[COL_ID]];
            r->parent = fields[col[COL_PARENT]];
            r->name = fields[col[COL_NAME]];
            r->forecast = NULL;
            if (strcmp(kind, "netto") == 0)
                r->kind = KALKYL_ROW_NET;
            else if (strcmp(kind, "kostnad") == 0)
                r->kind = KALKYL_ROW_COST;
            else if (strcmp(kind, "intäkt") == 0)
                r->kind = KALKYL_ROW_REVENUE;
            else
                return input_error(line, "typ is not netto, kostnad or intäkt");
            status = kalkyl_ledger_add_row(ledger, r->id, strlen(r->id), r->name, strlen(r->name),
                                           r->kind, r->parent, strlen(r->parent));
            if (status != KALKYL_OK) return kalkyl_failure(line, "row", status);
        }
        if (*fields[col[COL_FORECAST]] != '\0') { /* stored once the month is known */
            i = find_row(rows, *n_rows, id);
            if (i == *n_rows) return input_error(line, "prognos for a row not yet defined");
            rows[i].forecast = fields[col[COL_FORECAST]];
            rows[i].forecast_line = line;
        }
        if (*month_text != '\0') { /* a month's values */
            static const int value_cols[3] = {COL_BUDGET, COL_OUTCOME, COL_PRIOR};
            static const kalkyl_series series[3] = {KALKYL_SERIES_BUDGET, KALKYL_SERIES_OUTCOME,
                                                    KALKYL_SERIES_PRIOR_OUTCOME};
            char* end;
            long m = strtol(month_text, &end, 10);
            if (*end != '\0' || m < 1 || m > 12) return input_error(line, "månad is not 1..12");
            for (i = 0; i < 3; ++i) {
                kalkyl_dec value;
                const char* field;
                if (col[value_cols[i]] < 0) continue;
                field = fields[col[value_cols[i]]];
                if (*field == '\0') continue;
                if ((status = parse(field, &value)) != KALKYL_OK)
                    return kalkyl_failure(line, column_names[value_cols[i]], status);
                status = kalkyl_ledger_set_values(ledger, id, strlen(id), series[i], (int32_t)m,
                                                  &value, 1);
                if (status != KALKYL_OK)
                    return kalkyl_failure(line, column_names[value_cols[i]], status);
                if (i == 1 && m > *month) *month = (int)m;
            }
        }
    }
    if (*month == 0) return input_error(line, "no outcome in the export");
    /* The full-year forecasts, entered by a person as of the export's month. */
    for (size_t i = 0; i < *n_rows; ++i) {
        kalkyl_dec value, zero = {0, 0, 0, 0};
        const row* r = &rows[i];
        if (r->forecast == NULL) continue;
        if ((status = parse(r->forecast, &value)) != KALKYL_OK)
            return kalkyl_failure(r->forecast_line, "prognos", status);
        /* No spread in this export: the band is the point itself. */
        status = kalkyl_ledger_set_manual_forecast(ledger, r->id, strlen(r->id), FORECAST,
                                                   strlen(FORECAST), *month, &value, &zero, &zero,
                                                   NULL, 0);
        if (status != KALKYL_OK) return kalkyl_failure(r->forecast_line, "prognos", status);
    }
    return 0;
}

/* Writes the figures of one net row as a CSV line. Returns 0 or an exit code. */
static int write_line(const kalkyl_ledger* ledger, const row* r, const char* label) {
    static const kalkyl_ledger_figure figures[7] = {
        KALKYL_FIG_KOMMUNBIDRAG_YEAR, KALKYL_FIG_FORECAST,    KALKYL_FIG_RESULT_YEAR,
        KALKYL_FIG_KOMMUNBIDRAG_YTD,  KALKYL_FIG_OUTCOME_YTD, KALKYL_FIG_RESULT_YTD,
        KALKYL_FIG_PRIOR_OUTCOME_YTD};
    kalkyl_format fmt;
    size_t i;
    memset(&fmt, 0, sizeof fmt);
    fmt.size = sizeof fmt;
    fmt.locale = KALKYL_LOCALE_SV_SE;
    fmt.decimals = 0; /* whole units of the export, as the report prints */
    fmt.rounding = KALKYL_ROUND_HALF_UP;
    fmt.flags = KALKYL_FMT_ASCII_SPACE;
    printf("%s", label);
    for (i = 0; i < 7; ++i) {
        kalkyl_dec value;
        char text[64];
        size_t needed;
        kalkyl_status status = kalkyl_ledger_get(ledger, r->id, strlen(r->id), figures[i], FORECAST,
                                                 strlen(FORECAST), &value);
        if (status == KALKYL_OK)
            status = kalkyl_dec_format(&value, &fmt, text, sizeof text, &needed);
        if (status != KALKYL_OK) return kalkyl_failure(0, r->id, status);
        printf(";%s", text);
    }
    printf("\n");
    return 0;
}

int main(int argc, char** argv) {
    static row rows[MAX_ROWS];
    kalkyl_ledger* ledger = NULL;
    kalkyl_status status;
    size_t n_rows, i;
    int month, code;
    long year;
    char *text, *end;

    if (argc != 3 || (year = strtol(argv[2], &end, 10)) < 1000 || year > 9999 || *end != '\0') {
        fprintf(stderr, "usage: nightly_batch LEDGER.csv YEAR\n");
        return EXIT_INPUT;
    }
    path = argv[1];
    if ((text = read_file(path)) == NULL) {
        perror(path);
        return EXIT_INPUT;
    }
    if ((status = kalkyl_ledger_new(&ledger)) != KALKYL_OK) {
        free(text);
        return kalkyl_failure(0, "kalkyl_ledger_new", status);
    }
    code = load(text, ledger, rows, &n_rows, &month);
    if (code == 0 && (status = kalkyl_ledger_compute(ledger, month)) != KALKYL_OK)
        code = kalkyl_failure(0, "kalkyl_ledger_compute", status);
    if (code == 0) {
        /* The verksamheter (net rows under a root), then the root as the sum. */
        static const char* const months[12] = {"jan", "feb", "mar", "apr", "maj", "jun",
                                               "jul", "aug", "sep", "okt", "nov", "dec"};
        const char* to = months[month - 1];
        printf(
            "Verksamhet;Budget helår;Prognos helår;Avvikelse helår;Budget jan–%s;"
            "Utfall jan–%s;Avvikelse jan–%s;Utfall jan–%s %ld\n",
            to, to, to, to, year - 1);
        for (i = 0; i < n_rows && code == 0; ++i)
            if (rows[i].kind == KALKYL_ROW_NET && *rows[i].parent != '\0')
                code = write_line(ledger, &rows[i], rows[i].name);
        for (i = 0; i < n_rows && code == 0; ++i)
            if (*rows[i].parent == '\0') code = write_line(ledger, &rows[i], "Summa nettokostnad");
    }
    /* kalkyl_ledger_free never fails on a handle from kalkyl_ledger_new. */
    kalkyl_ledger_free(ledger);
    free(text);
    return code;
}
