/*
** kpb_table: Eskilstuna's KPB table "Konsumtion IFO totalt" (2022), from the
** delårsrapport 2 2023, recomputed through kalkyl's C ABI and compared with
** every printed figure.
**
**   kpb_table examples/data/eskilstuna_2023_kpb.csv
**
** The file has one line per age group: Kostnader;Invånare;Brukare as the
** inputs and Kr per invånare;KPB;% brukare as the report printed them. For
** each row kalkyl_kpb_table() computes
**   kr per invånare = kostnader / invånare     (0 decimals, half up)
**   KPB             = kostnader / brukare      (0 decimals, half up)
**   % brukare       = brukare / invånare * 100 (1 decimal, half up)
** and the total row from the rows and the costs not linked to a user
** ("Ej brukarkopplad", 103 014 615 kr in the report): the total's KPB leaves
** those costs out. The program prints the table and exits with 1 when a
** figure differs from the printed one, 2 on a usage, file or input error.
**
** Build it against an installed kalkyl:
**   cc -std=c99 kpb_table.c $(pkg-config --cflags --libs kalkyl) -o kpb_table
**
** Every call is checked: a kalkyl function returns KALKYL_OK or a status,
** and kalkyl_last_error() says what went wrong and where.
*/
#include <kalkyl.h>

#include <stdio.h>
#include <string.h>

#define MAX_ROWS 32
#define MAX_LINE 512

/* The report's total row for 2022 and its costs not linked to a user
** (shared seed 004, "Totalt 2022" and "Ej brukarkopplad"). */
static const char* const not_linked_text = "103 014 615";
static const char* const total_printed[3] = {"6 106", "89 734", "5,7"};

/* Prints kalkyl's message for a failed call and returns 2. */
static int fail(const char* what, kalkyl_status status) {
    fprintf(stderr, "kpb_table: %s: %s (%s)\n", what, kalkyl_last_error(),
            kalkyl_status_name(status));
    return 2;
}

/* Splits line at ';' in place into at most max fields; returns how many. */
static size_t split(char* line, char** fields, size_t max) {
    size_t n = 0;
    char* p = line;
    while (n < max) {
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

/* Formats v as the report prints it (sv-SE, digit groups with a plain
** space so that the terminal shows them); writes into buf of cap bytes. */
static kalkyl_status format(const kalkyl_dec* v, char* buf, size_t cap) {
    kalkyl_format fmt;
    size_t needed;
    memset(&fmt, 0, sizeof fmt);
    fmt.size = sizeof fmt;
    fmt.locale = KALKYL_LOCALE_SV_SE;
    fmt.decimals = -1; /* the value's own scale: it is rounded already */
    fmt.flags = KALKYL_FMT_ASCII_SPACE;
    fmt.rounding = KALKYL_ROUND_HALF_UP;
    return kalkyl_dec_format(v, &fmt, buf, cap, &needed);
}

/* Compares computed with the printed text; prints both when they differ.
** Returns 0 when equal, 1 when not, 2 on an error. */
static int compare(const char* row, const char* column, const kalkyl_dec* computed,
                   const char* printed_text) {
    kalkyl_dec printed;
    kalkyl_status status;
    int order;
    char text[64];
    if ((status = parse(printed_text, &printed)) != KALKYL_OK) return fail(row, status);
    if ((status = kalkyl_dec_cmp(computed, &printed, &order)) != KALKYL_OK)
        return fail(row, status);
    if (order == 0) return 0;
    if ((status = format(computed, text, sizeof text)) != KALKYL_OK) return fail(row, status);
    fprintf(stderr, "kpb_table: %s, %s: computed %s, printed %s\n", row, column, text,
            printed_text);
    return 1;
}

int main(int argc, char** argv) {
    static char names[MAX_ROWS][64];
    static char printed[MAX_ROWS][3][32];
    kalkyl_dec costs[MAX_ROWS], inhabitants[MAX_ROWS], users[MAX_ROWS];
    kalkyl_kpb_figures rows[MAX_ROWS], not_linked, total;
    kalkyl_dec not_linked_costs;
    kalkyl_status status;
    size_t n = 0, bad_index = 0, i;
    char line[MAX_LINE];
    int header_seen = 0, line_number = 0, differences = 0;
    FILE* file;

    if (argc != 2) {
        fprintf(stderr, "usage: kpb_table eskilstuna_2023_kpb.csv\n");
        return 2;
    }
    file = fopen(argv[1], "r");
    if (file == NULL) {
        perror(argv[1]);
        return 2;
    }
    while (fgets(line, sizeof line, file) != NULL) {
        char* fields[8];
        size_t count;
        ++line_number;
        line[strcspn(line, "\r\n")] = '\0';
        /* '#' lines are comments, '!' lines relations for `kalkyl check`. */
        if (line[0] == '\0' || line[0] == '#' || line[0] == '!') continue;
        if (!header_seen) {
            header_seen = 1;
            continue;
        }
        count = split(line, fields, 8);
        if (count != 7 || n == MAX_ROWS || strlen(fields[0]) >= sizeof names[0]) {
            fprintf(stderr, "%s:%d: expected 7 fields of an age group (at most %d rows)\n", argv[1],
                    line_number, MAX_ROWS);
            fclose(file);
            return 2;
        }
        strcpy(names[n], fields[0]);
        if ((status = parse(fields[1], &costs[n])) != KALKYL_OK ||
            (status = parse(fields[2], &inhabitants[n])) != KALKYL_OK ||
            (status = parse(fields[3], &users[n])) != KALKYL_OK) {
            fprintf(stderr, "%s:%d: ", argv[1], line_number);
            fclose(file);
            return fail("Kostnader, Invånare or Brukare", status);
        }
        for (i = 0; i < 3; ++i) {
            if (strlen(fields[4 + i]) >= sizeof printed[n][i]) {
                fprintf(stderr, "%s:%d: field %u is too long\n", argv[1], line_number,
                        (unsigned)(5 + i));
                fclose(file);
                return 2;
            }
            strcpy(printed[n][i], fields[4 + i]);
        }
        ++n;
    }
    fclose(file);
    if (n == 0) {
        fprintf(stderr, "%s: no age groups\n", argv[1]);
        return 2;
    }

    if ((status = parse(not_linked_text, &not_linked_costs)) != KALKYL_OK)
        return fail("Ej brukarkopplad", status);
    /* Kr per invånare and KPB in whole kronor, % brukare at one decimal, all
    ** rounded half up as the report does; NULL: the default few-cases
    ** threshold (10). */
    status =
        kalkyl_kpb_table(costs, inhabitants, users, n, &not_linked_costs, 0, KALKYL_ROUND_HALF_UP,
                         1, KALKYL_ROUND_HALF_UP, NULL, rows, &not_linked, &total, &bad_index);
    if (status != KALKYL_OK) {
        if (bad_index < n) fprintf(stderr, "kpb_table: row '%s'\n", names[bad_index]);
        return fail("kalkyl_kpb_table", status);
    }

    printf("%-12s %14s %9s %8s %11s %9s %10s\n", "Åldersgrupp", "Kostnader", "Invånare", "Brukare",
           "Kr per inv.", "KPB", "% brukare");
    for (i = 0; i <= n; ++i) {
        const kalkyl_kpb_figures* r = i < n ? &rows[i] : &total;
        const char* name = i < n ? names[i] : "Totalt 2022";
        char c[64], inh[64], u[64], per_inh[64], kpb[64], share[64];
        if ((status = format(&r->costs, c, sizeof c)) != KALKYL_OK ||
            (status = format(&r->inhabitants, inh, sizeof inh)) != KALKYL_OK ||
            (status = format(&r->users, u, sizeof u)) != KALKYL_OK ||
            (status = format(&r->per_inhabitant, per_inh, sizeof per_inh)) != KALKYL_OK ||
            (status = format(&r->per_user, kpb, sizeof kpb)) != KALKYL_OK ||
            (status = format(&r->share_of_users, share, sizeof share)) != KALKYL_OK)
            return fail("kalkyl_dec_format", status);
        printf("%-12s %14s %9s %8s %11s %9s %10s\n", name, c, inh, u, per_inh, kpb, share);
    }

    for (i = 0; i <= n; ++i) {
        const kalkyl_kpb_figures* r = i < n ? &rows[i] : &total;
        const char* name = i < n ? names[i] : "Totalt 2022";
        /* The rows' printed figures come from the file, the total's from the report. */
        const char* expected[3];
        size_t k;
        for (k = 0; k < 3; ++k)
            expected[k] = i < n ? printed[i][k] : total_printed[k];
        int a = compare(name, "Kr per invånare", &r->per_inhabitant, expected[0]);
        int b = compare(name, "KPB", &r->per_user, expected[1]);
        int c = compare(name, "% brukare", &r->share_of_users, expected[2]);
        if (a == 2 || b == 2 || c == 2) return 2;
        differences += a + b + c;
    }
    if (differences != 0) {
        fprintf(stderr, "kpb_table: %d figures differ from the report\n", differences);
        return 1;
    }
    printf("all %u figures equal the printed ones\n", (unsigned)(3 * (n + 1)));
    return 0;
}
