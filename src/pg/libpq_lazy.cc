// The libpq functions pgcrate calls, forwarded to libpq.so.5 loaded on the first call (see
// base/lazy_library.h): a command that never connects never loads libpq and the ~25 libraries
// it needs. Linked only into the pgcrate executable (the libraries, tests and embedders link
// libpq itself); a signature that differs from libpq-fe.h does not compile, and a libpq
// function used without a line here makes the executable need libpq.so.5 again, which
// `bench/startup/run.sh` and the `startup_libraries` test catch.
#include <libpq-fe.h>

#include "base/lazy_library.h"

#define PGCRATE_LIBPQ(ret, name, params, args) \
  PGCRATE_LAZY_FUNCTION("libpq.so.5", "libpq5", ret, name, params, args)

// Connections.
PGCRATE_LIBPQ(PGconn*, PQconnectdbParams,
              (const char* const* keywords, const char* const* values, int expand_dbname),
              (keywords, values, expand_dbname))
PGCRATE_LIBPQ(void, PQfinish, (PGconn * conn), (conn))
PGCRATE_LIBPQ(ConnStatusType, PQstatus, (const PGconn* conn), (conn))
PGCRATE_LIBPQ(PGTransactionStatusType, PQtransactionStatus, (const PGconn* conn), (conn))
PGCRATE_LIBPQ(char*, PQerrorMessage, (const PGconn* conn), (conn))
PGCRATE_LIBPQ(int, PQserverVersion, (const PGconn* conn), (conn))
PGCRATE_LIBPQ(const char*, PQparameterStatus, (const PGconn* conn, const char* param_name),
              (conn, param_name))
PGCRATE_LIBPQ(char*, PQdb, (const PGconn* conn), (conn))
PGCRATE_LIBPQ(char*, PQuser, (const PGconn* conn), (conn))
PGCRATE_LIBPQ(char*, PQhost, (const PGconn* conn), (conn))
PGCRATE_LIBPQ(char*, PQport, (const PGconn* conn), (conn))
PGCRATE_LIBPQ(int, PQsslInUse, (PGconn * conn), (conn))
PGCRATE_LIBPQ(PQnoticeReceiver, PQsetNoticeReceiver,
              (PGconn * conn, PQnoticeReceiver proc, void* arg), (conn, proc, arg))
PGCRATE_LIBPQ(char*, PQescapeLiteral, (PGconn * conn, const char* str, size_t len),
              (conn, str, len))
PGCRATE_LIBPQ(void, PQfreemem, (void* ptr), (ptr))

// Connection strings.
PGCRATE_LIBPQ(PQconninfoOption*, PQconninfoParse, (const char* conninfo, char** errmsg),
              (conninfo, errmsg))
PGCRATE_LIBPQ(void, PQconninfoFree, (PQconninfoOption * options), (options))

// Cancelling.
PGCRATE_LIBPQ(PGcancel*, PQgetCancel, (PGconn * conn), (conn))
PGCRATE_LIBPQ(void, PQfreeCancel, (PGcancel * cancel), (cancel))
PGCRATE_LIBPQ(int, PQcancel, (PGcancel * cancel, char* errbuf, int errbufsize),
              (cancel, errbuf, errbufsize))

// Running statements and COPY.
PGCRATE_LIBPQ(PGresult*, PQexec, (PGconn * conn, const char* query), (conn, query))
PGCRATE_LIBPQ(PGresult*, PQexecParams,
              (PGconn * conn, const char* command, int n_params, const Oid* param_types,
               const char* const* param_values, const int* param_lengths, const int* param_formats,
               int result_format),
              (conn, command, n_params, param_types, param_values, param_lengths, param_formats,
               result_format))
PGCRATE_LIBPQ(PGresult*, PQprepare,
              (PGconn * conn, const char* stmt_name, const char* query, int n_params,
               const Oid* param_types),
              (conn, stmt_name, query, n_params, param_types))
PGCRATE_LIBPQ(PGresult*, PQexecPrepared,
              (PGconn * conn, const char* stmt_name, int n_params, const char* const* param_values,
               const int* param_lengths, const int* param_formats, int result_format),
              (conn, stmt_name, n_params, param_values, param_lengths, param_formats,
               result_format))
PGCRATE_LIBPQ(int, PQsendQuery, (PGconn * conn, const char* query), (conn, query))
PGCRATE_LIBPQ(int, PQsendQueryParams,
              (PGconn * conn, const char* command, int n_params, const Oid* param_types,
               const char* const* param_values, const int* param_lengths, const int* param_formats,
               int result_format),
              (conn, command, n_params, param_types, param_values, param_lengths, param_formats,
               result_format))
PGCRATE_LIBPQ(int, PQsendPrepare,
              (PGconn * conn, const char* stmt_name, const char* query, int n_params,
               const Oid* param_types),
              (conn, stmt_name, query, n_params, param_types))
PGCRATE_LIBPQ(int, PQsendQueryPrepared,
              (PGconn * conn, const char* stmt_name, int n_params, const char* const* param_values,
               const int* param_lengths, const int* param_formats, int result_format),
              (conn, stmt_name, n_params, param_values, param_lengths, param_formats,
               result_format))
PGCRATE_LIBPQ(int, PQenterPipelineMode, (PGconn * conn), (conn))
PGCRATE_LIBPQ(int, PQexitPipelineMode, (PGconn * conn), (conn))
PGCRATE_LIBPQ(int, PQpipelineSync, (PGconn * conn), (conn))
PGCRATE_LIBPQ(PGresult*, PQgetResult, (PGconn * conn), (conn))
PGCRATE_LIBPQ(int, PQgetCopyData, (PGconn * conn, char** buffer, int async), (conn, buffer, async))
PGCRATE_LIBPQ(int, PQputCopyData, (PGconn * conn, const char* buffer, int nbytes),
              (conn, buffer, nbytes))
PGCRATE_LIBPQ(int, PQputCopyEnd, (PGconn * conn, const char* errormsg), (conn, errormsg))

// Results.
PGCRATE_LIBPQ(void, PQclear, (PGresult * res), (res))
PGCRATE_LIBPQ(ExecStatusType, PQresultStatus, (const PGresult* res), (res))
PGCRATE_LIBPQ(char*, PQresultErrorField, (const PGresult* res, int fieldcode), (res, fieldcode))
PGCRATE_LIBPQ(char*, PQcmdStatus, (PGresult * res), (res))
PGCRATE_LIBPQ(char*, PQcmdTuples, (PGresult * res), (res))
PGCRATE_LIBPQ(int, PQntuples, (const PGresult* res), (res))
PGCRATE_LIBPQ(int, PQnfields, (const PGresult* res), (res))
PGCRATE_LIBPQ(char*, PQfname, (const PGresult* res, int field_num), (res, field_num))
PGCRATE_LIBPQ(int, PQfnumber, (const PGresult* res, const char* field_name), (res, field_name))
PGCRATE_LIBPQ(Oid, PQftype, (const PGresult* res, int field_num), (res, field_num))
PGCRATE_LIBPQ(char*, PQgetvalue, (const PGresult* res, int tup_num, int field_num),
              (res, tup_num, field_num))
PGCRATE_LIBPQ(int, PQgetlength, (const PGresult* res, int tup_num, int field_num),
              (res, tup_num, field_num))
PGCRATE_LIBPQ(int, PQgetisnull, (const PGresult* res, int tup_num, int field_num),
              (res, tup_num, field_num))
PGCRATE_LIBPQ(PGresult*, PQmakeEmptyPGresult, (PGconn * conn, ExecStatusType status),
              (conn, status))
PGCRATE_LIBPQ(int, PQsetResultAttrs, (PGresult * res, int num_attributes, PGresAttDesc* att_descs),
              (res, num_attributes, att_descs))
PGCRATE_LIBPQ(int, PQsetvalue, (PGresult * res, int tup_num, int field_num, char* value, int len),
              (res, tup_num, field_num, value, len))
