/* c.sie: SIE 4 files from C99 (capi/kalkyl.h, section "SIE 4 files"): a
** small type 4 file of a social-services committee in CP437 read from memory
** and from disk, every accessor, the follow-up ledger it maps to, a budget
** written and read back, and bad input: a malformed #TRANS (line, column and
** label in the message, nothing returned), NULL, a dead handle, an index past
** the end, a bad size, a text CP437 cannot hold. */

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capi_check.h"

/* CP437: 0x86 å, 0x84 ä, 0x94 ö, 0x8E Ä. */
static const char k_file[] =
    "#FLAGGA 0\r\n"
    "#PROGRAM \"Ekonomisystem\" 7.1\r\n"
    "#FORMAT PC8\r\n"
    "#GEN 20240910\r\n"
    "#SIETYP 4\r\n"
    "#FNAMN \"Socialn\x84mnden i V\x84sterby\"\r\n"
    "#KPTYP KOMMUN\r\n"
    "#RAR 0 20240101 20241231\r\n"
    "#RAR -1 20230101 20231231\r\n"
    "#KONTO 3010 \"Avgifter \x84ldreomsorg\"\r\n"
    "#KONTO 4010 \"L\x94ner\"\r\n"
    "#KONTO 1910 \"Kassa\"\r\n"
    "#KTYP 4010 K\r\n"
    "#DIM 1 \"Ansvar\"\r\n"
    "#OBJEKT 1 \"100\" \"\x8Eldreomsorg\"\r\n"
    "#OBJEKT 1 \"200\" \"Individ- och familjeomsorg\"\r\n"
    "#IB 0 1910 5000.00\r\n"
    "#PBUDGET 0 202401 4010 {1 \"100\"} 1000.00\r\n"
    "#PBUDGET 0 202402 4010 {1 \"100\"} 1000.00\r\n"
    "#PBUDGET 0 202401 3010 {1 \"100\"} -200.00\r\n"
    "#PBUDGET 0 202402 3010 {1 \"100\"} -200.00\r\n"
    "#PSALDO -1 202301 4010 {1 \"100\"} 880.00\r\n"
    "#VER A 1 20240131 \"Januari\"\r\n"
    "{\r\n"
    "#TRANS 4010 {1 \"100\"} 900.50\r\n"
    "#TRANS 3010 {1 \"100\"} -250.00\r\n"
    "#TRANS 1910 {} -650.50\r\n"
    "}\r\n"
    "#VER A 2 20240229 \"Februari\"\r\n"
    "{\r\n"
    "#TRANS 4010 {1 \"100\"} 1100.25\r\n"
    "#TRANS 1910 {} -1100.25\r\n"
    "}\r\n"
    "#OKAND 1 2 3\r\n";

static kalkyl_dec dec(const char* text) {
    kalkyl_dec d = {0, 0, 0, 0};
    if (kalkyl_dec_parse(text, strlen(text), KALKYL_LOCALE_C, &d) != KALKYL_OK) {
        fprintf(stderr, "bad literal %s\n", text);
        exit(2);
    }
    return d;
}

static int eq(const kalkyl_dec* a, const char* b) {
    kalkyl_dec bb = dec(b);
    int c = 2;
    return kalkyl_dec_cmp(a, &bb, &c) == KALKYL_OK && c == 0;
}

static kalkyl_status get(const kalkyl_ledger* l, const char* id, kalkyl_ledger_figure what,
                         kalkyl_dec* out) {
    return kalkyl_ledger_get(l, id, strlen(id), what, NULL, 0, out);
}

static void read_and_inspect(void) {
    kalkyl_sie* sie = NULL;
    CHECK_ST(kalkyl_sie_read(k_file, sizeof k_file - 1, KALKYL_SIE_ENC_AUTO, &sie), KALKYL_OK);
    if (sie == NULL) return;

    kalkyl_sie_info info;
    memset(&info, 0xAB, sizeof info);
    info.size = sizeof info;
    CHECK_ST(kalkyl_sie_get_info(sie, &info), KALKYL_OK);
    CHECK(info.sie_type == 4);
    CHECK(info.encoding == KALKYL_SIE_ENC_CP437);
    CHECK(info.encoding_mismatch == 0);
    CHECK(info.checksum == KALKYL_SIE_CHECKSUM_ABSENT);
    CHECK(info.complete == 1);
    CHECK(strcmp(info.company, "Socialnämnden i Västerby") == 0);
    CHECK(strcmp(info.program, "Ekonomisystem") == 0);
    CHECK(strcmp(info.chart_type, "KOMMUN") == 0);
    CHECK(info.verifications == 2);
    CHECK(info.transactions == 5);
    CHECK(info.n_years == 2 && info.n_accounts == 3 && info.n_dimensions == 1);
    CHECK(info.n_objects == 2 && info.n_balances == 1 && info.n_periods == 5);
    CHECK(info.n_unknown_labels == 1);

    kalkyl_sie_year year;
    CHECK_ST(kalkyl_sie_get_year(sie, 1, &year), KALKYL_OK);
    CHECK(year.index == -1 && year.start == 20230101 && year.end == 20231231);

    kalkyl_sie_account account;
    CHECK_ST(kalkyl_sie_get_account(sie, 1, &account), KALKYL_OK);
    CHECK(strcmp(account.number, "4010") == 0 && strcmp(account.name, "Löner") == 0);
    CHECK(account.type == 'K');

    kalkyl_sie_object object;
    CHECK_ST(kalkyl_sie_get_object(sie, 0, &object), KALKYL_OK);
    CHECK(object.dimension == 1 && strcmp(object.id, "100") == 0 && object.id_len == 3);
    CHECK(strcmp(object.name, "Äldreomsorg") == 0);

    kalkyl_sie_balance balance;
    CHECK_ST(kalkyl_sie_get_balance(sie, 0, &balance), KALKYL_OK);
    CHECK(balance.kind == KALKYL_SIE_IB && strcmp(balance.account, "1910") == 0);
    CHECK(balance.n_objects == 0 && eq(&balance.amount, "5000.00"));

    kalkyl_sie_period period;
    CHECK_ST(kalkyl_sie_get_period(sie, 2, &period), KALKYL_OK);
    CHECK(period.kind == KALKYL_SIE_PBUDGET && period.period == 202401);
    CHECK(strcmp(period.account, "3010") == 0 && eq(&period.amount, "-200.00"));
    CHECK(period.n_objects == 1 && period.objects[0].dimension == 1);
    CHECK(strcmp(period.objects[0].id, "100") == 0);

    /* The transaction sums: 4010/100 in January and February, 3010/100,
    ** 1910 (no objects) in both months. */
    size_t found = 0;
    for (size_t i = 0; i < info.n_transaction_sums; ++i) {
        kalkyl_sie_period t;
        CHECK_ST(kalkyl_sie_get_transaction_sum(sie, i, &t), KALKYL_OK);
        CHECK(t.kind == KALKYL_SIE_TRANS && t.year == 0);
        if (strcmp(t.account, "4010") == 0 && t.period == 202402) {
            ++found;
            CHECK(eq(&t.amount, "1100.25") && t.count == 1 && t.n_objects == 1);
        }
    }
    CHECK(found == 1);

    const char* label = NULL;
    uint64_t count = 0;
    CHECK_ST(kalkyl_sie_get_unknown_label(sie, 0, &label, &count), KALKYL_OK);
    CHECK(label != NULL && strcmp(label, "#OKAND") == 0 && count == 1);

    /* An index past the end: an error naming the count; out untouched. */
    kalkyl_sie_account untouched = {"x", "y", 'Z'};
    CHECK_ST(kalkyl_sie_get_account(sie, 3, &untouched), KALKYL_E_INVALID);
    CHECK_ERR("kalkyl_sie_get_account: index 3 is past the file's 3 accounts");
    CHECK(untouched.type == 'Z');
    CHECK_ST(kalkyl_sie_get_period(sie, 0, NULL), KALKYL_E_NULL);
    CHECK_ERR("kalkyl_sie_get_period: out is NULL");
    kalkyl_sie_info small;
    small.size = 8;
    CHECK_ST(kalkyl_sie_get_info(sie, &small), KALKYL_E_INVALID);
    CHECK_ERR("set it to sizeof(kalkyl_sie_info)");

    /* The follow-up ledger by ansvar: 1:100 with its revenue and cost rows;
    ** the balance account 1910 is not in it. */
    kalkyl_sie_mapping mapping;
    memset(&mapping, 0, sizeof mapping);
    mapping.size = sizeof mapping;
    mapping.dimension = 1;
    mapping.chart = KALKYL_SIE_CHART_KOMMUN_BAS;
    kalkyl_ledger* ledger = NULL;
    kalkyl_sie_mapped mapped;
    CHECK_ST(kalkyl_sie_to_ledger(sie, &mapping, &ledger, &mapped), KALKYL_OK);
    if (ledger != NULL) {
        CHECK(mapped.last_outcome_month == 2);
        CHECK(mapped.outcome_source == KALKYL_SIE_OUTCOME_TRANSACTIONS);
        CHECK(mapped.has_prior_year == 1);
        CHECK(mapped.year_start == 20240101 && mapped.n_rows == 4);
        size_t rows = 0;
        CHECK_ST(kalkyl_ledger_row_count(ledger, &rows), KALKYL_OK);
        CHECK(rows == 4);
        CHECK_ST(kalkyl_ledger_compute(ledger, 2), KALKYL_OK);
        kalkyl_dec v;
        CHECK_ST(get(ledger, "1:100/4010", KALKYL_FIG_OUTCOME_YTD, &v), KALKYL_OK);
        CHECK(eq(&v, "2000.75"));
        CHECK_ST(get(ledger, "1:100/3010", KALKYL_FIG_OUTCOME_YTD, &v), KALKYL_OK);
        CHECK(eq(&v, "250.00")); /* a revenue in the natural sign */
        CHECK_ST(get(ledger, "1:100/4010", KALKYL_FIG_PRIOR_OUTCOME_YTD, &v), KALKYL_OK);
        CHECK(eq(&v, "880.00"));
        /* Budget 2 000 cost less 400 revenue; outcome 2 000,75 less 250. */
        CHECK_ST(get(ledger, "1:100", KALKYL_FIG_KOMMUNBIDRAG_YTD, &v), KALKYL_OK);
        CHECK(eq(&v, "1600.00"));
        CHECK_ST(get(ledger, "SIE", KALKYL_FIG_RESULT_YTD, &v), KALKYL_OK);
        CHECK(eq(&v, "-150.75"));
        CHECK_ST(kalkyl_ledger_free(ledger), KALKYL_OK);
    }

    /* Rules from a mapping file: 3010 excluded. */
    static const char rules[] = "# ingen avgift\n3000;3999;exkludera\n";
    mapping.rules = rules;
    mapping.rules_len = sizeof rules - 1;
    ledger = NULL;
    CHECK_ST(kalkyl_sie_to_ledger(sie, &mapping, &ledger, NULL), KALKYL_OK);
    if (ledger != NULL) {
        size_t rows = 0;
        CHECK_ST(kalkyl_ledger_row_count(ledger, &rows), KALKYL_OK);
        CHECK(rows == 3);
        kalkyl_ledger_free(ledger);
    }
    static const char bad_rules[] = "3000;3999;intäkt\n4000;x;kostnad\n";
    mapping.rules = bad_rules;
    mapping.rules_len = sizeof bad_rules - 1;
    ledger = (kalkyl_ledger*)&mapping; /* must stay as it is */
    CHECK_ST(kalkyl_sie_to_ledger(sie, &mapping, &ledger, NULL), KALKYL_E_PARSE);
    CHECK_ERR("line 2");
    CHECK(ledger == (kalkyl_ledger*)&mapping);
    mapping.rules = NULL;
    mapping.rules_len = 0;
    mapping.year = -5;
    CHECK_ST(kalkyl_sie_to_ledger(sie, &mapping, &ledger, NULL), KALKYL_E_INVALID);
    mapping.year = 0;
    mapping.chart = 7;
    CHECK_ST(kalkyl_sie_to_ledger(sie, &mapping, &ledger, NULL), KALKYL_E_INVALID);
    CHECK_ERR("mapping->chart 7 is not a kalkyl_sie_chart");
    CHECK(ledger == (kalkyl_ledger*)&mapping);

    CHECK_ST(kalkyl_sie_free(sie), KALKYL_OK);
    CHECK_ST(kalkyl_sie_free(NULL), KALKYL_OK);
}

static void malformed_input(void) {
    /* "12,50": SIE writes a dot. The message names line, column and label. */
    static const char bad[] =
        "#FLAGGA 0\n#FORMAT PC8\n#SIETYP 4\n#RAR 0 20240101 20241231\n"
        "#VER A 1 20240131 \"x\"\n{\n#TRANS 4010 {} 12,50\n#TRANS 1910 {} -12.50\n}\n";
    kalkyl_sie* sie = (kalkyl_sie*)&g_passed; /* must stay as it is */
    CHECK_ST(kalkyl_sie_read(bad, sizeof bad - 1, KALKYL_SIE_ENC_AUTO, &sie), KALKYL_E_PARSE);
    CHECK_ERR("kalkyl_sie_read: line 7, column 16, #TRANS");
    CHECK(sie == (kalkyl_sie*)&g_passed);

    CHECK_ST(kalkyl_sie_read(NULL, 3, KALKYL_SIE_ENC_AUTO, &sie), KALKYL_E_NULL);
    CHECK_ERR("data is NULL but len is 3");
    CHECK_ST(kalkyl_sie_read(bad, 3, KALKYL_SIE_ENC_AUTO, NULL), KALKYL_E_NULL);
    CHECK_ST(kalkyl_sie_read(bad, sizeof bad - 1, (kalkyl_sie_encoding)9, &sie), KALKYL_E_INVALID);
    CHECK_ERR("encoding 9 is not a kalkyl_sie_encoding");
    CHECK_ST(kalkyl_sie_read_file(NULL, KALKYL_SIE_ENC_AUTO, &sie), KALKYL_E_NULL);
    CHECK_ST(kalkyl_sie_read_file("/nonexistent/kalkyl.se", KALKYL_SIE_ENC_AUTO, &sie),
             KALKYL_E_INVALID);
    CHECK_ERR("/nonexistent/kalkyl.se");
    CHECK(sie == (kalkyl_sie*)&g_passed);

    /* A handle that is not one. */
    kalkyl_sie_info info;
    info.size = sizeof info;
    uint64_t junk[16] = {0};
    CHECK_ST(kalkyl_sie_get_info((const kalkyl_sie*)junk, &info), KALKYL_E_INVALID);
    CHECK_ERR("not a live kalkyl_sie");
    CHECK_ST(kalkyl_sie_get_info(NULL, &info), KALKYL_E_NULL);
}

static void budget_round_trip(void) {
    kalkyl_sie_object ansvar = {1, "100", 3, ""};
    kalkyl_sie_budget_line lines[3];
    memset(lines, 0, sizeof lines);
    lines[0].account = "4010";
    lines[0].account_len = 4;
    lines[0].objects = &ansvar;
    lines[0].n_objects = 1;
    lines[0].period = 202501;
    lines[0].kind = KALKYL_ROW_COST;
    lines[0].amount = dec("83333.33");
    lines[1] = lines[0];
    lines[1].period = 202502;
    lines[1].amount = dec("83333.34");
    lines[2] = lines[0];
    lines[2].account = "3010";
    lines[2].kind = KALKYL_ROW_REVENUE;
    lines[2].amount = dec("1200");

    kalkyl_sie_budget_file file;
    memset(&file, 0, sizeof file);
    file.size = sizeof file;
    file.year_start = 20250101;
    file.year_end = 20251231;
    file.checksum = 1;
    file.company = "Socialnämnden i Västerby";
    file.company_len = strlen(file.company);
    file.generated = "20241120";
    file.generated_len = 8;

    size_t needed = 0;
    CHECK_ST(kalkyl_sie_write_budget(&file, lines, 3, NULL, 0, &needed), KALKYL_E_BUFFER);
    CHECK(needed > 100);
    char small[4] = "abc";
    CHECK_ST(kalkyl_sie_write_budget(&file, lines, 3, small, sizeof small, &needed),
             KALKYL_E_BUFFER);
    CHECK(strcmp(small, "abc") == 0);
    char* buf = malloc(needed);
    if (buf == NULL) return;
    CHECK_ST(kalkyl_sie_write_budget(&file, lines, 3, buf, needed, &needed), KALKYL_OK);
    CHECK(strlen(buf) == needed - 1);
    CHECK(strstr(buf, "#PBUDGET 0 202501 4010 {1 \"100\"} 83333.33") != NULL);
    CHECK(strstr(buf, "#PBUDGET 0 202501 3010 {1 \"100\"} -1200") != NULL);
    CHECK(strstr(buf, "\x84") != NULL); /* ä in CP437 */

    kalkyl_sie* sie = NULL;
    CHECK_ST(kalkyl_sie_read(buf, needed - 1, KALKYL_SIE_ENC_AUTO, &sie), KALKYL_OK);
    if (sie != NULL) {
        kalkyl_sie_info info;
        info.size = sizeof info;
        CHECK_ST(kalkyl_sie_get_info(sie, &info), KALKYL_OK);
        CHECK(info.checksum == KALKYL_SIE_CHECKSUM_VERIFIED);
        CHECK(strcmp(info.company, "Socialnämnden i Västerby") == 0);
        CHECK(info.n_periods == 3);
        kalkyl_sie_period p;
        CHECK_ST(kalkyl_sie_get_period(sie, 1, &p), KALKYL_OK);
        CHECK(p.kind == KALKYL_SIE_PBUDGET && p.period == 202502 && eq(&p.amount, "83333.34"));
        kalkyl_sie_free(sie);
    }

    /* Written to disk and read back by name. */
    const char* path = "c_sie_test_budget.se";
    FILE* f = fopen(path, "wb");
    if (f != NULL) {
        fwrite(buf, 1, needed - 1, f);
        fclose(f);
        sie = NULL;
        CHECK_ST(kalkyl_sie_read_file(path, KALKYL_SIE_ENC_CP437, &sie), KALKYL_OK);
        kalkyl_sie_free(sie);
        remove(path);
    }

    /* Bad lines: nothing is written. */
    memset(buf, 'z', needed);
    lines[1].kind = KALKYL_ROW_NET;
    CHECK_ST(kalkyl_sie_write_budget(&file, lines, 3, buf, needed, &needed), KALKYL_E_INVALID);
    CHECK_ERR("lines[1]: kind 2 is not KALKYL_ROW_REVENUE");
    lines[1].kind = KALKYL_ROW_COST;
    lines[1].period = 202601;
    CHECK_ST(kalkyl_sie_write_budget(&file, lines, 3, buf, needed, &needed), KALKYL_E_INVALID);
    lines[1].period = 202502;
    lines[2].amount.scale = 29;
    CHECK_ST(kalkyl_sie_write_budget(&file, lines, 3, buf, needed, &needed), KALKYL_E_SCALE);
    CHECK_ERR("lines[].amount[2]");
    lines[2].amount.scale = 0;
    file.company = "Nämnd \xE2\x82\xAC"; /* the euro sign: not in CP437 */
    file.company_len = strlen(file.company);
    CHECK_ST(kalkyl_sie_write_budget(&file, lines, 3, buf, needed, &needed), KALKYL_E_INVALID);
    CHECK(buf[0] == 'z' && buf[needed - 1] == 'z');
    CHECK_ST(kalkyl_sie_write_budget(NULL, lines, 3, buf, needed, &needed), KALKYL_E_NULL);
    CHECK_ST(kalkyl_sie_write_budget(&file, NULL, 3, buf, needed, &needed), KALKYL_E_NULL);
    free(buf);
}

int main(void) {
    read_and_inspect();
    malformed_input();
    budget_round_trip();
    printf("c.sie: %d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
