/* Test shim for Wine 8 only, never shipped with the app.
 *
 * Qt6Core.dll (PySide6 6.7 and later, on Windows) links to the system ICU, icuuc.dll, which
 * Windows 10 1703+ has in System32 and Wine 8 does not. Qt uses its ucnv_* converters only for
 * legacy code pages (QStringConverter with a name Qt does not know itself); UTF-8/16 and Latin-1
 * are Qt's own. Every entry here answers "not supported", so Qt falls back to those.
 * check_windows.sh builds it with MinGW into the Wine prefix's system32. */
#include <stddef.h>
#include <stdint.h>

#define SHIM __declspec(dllexport)
#define NOT_SUPPORTED 16 /* U_UNSUPPORTED_ERROR */

typedef int UErrorCode;
typedef struct UConverter UConverter;

static void refuse(UErrorCode *status)
{
    if (status != NULL && *status <= 0)
        *status = NOT_SUPPORTED;
}

static void no_callback(void **action, const void **context)
{
    if (action != NULL)
        *action = NULL;
    if (context != NULL)
        *context = NULL;
}

SHIM UConverter *ucnv_open(const char *name, UErrorCode *status) { (void)name; refuse(status); return NULL; }
SHIM void ucnv_close(UConverter *cnv) { (void)cnv; }
SHIM void ucnv_reset(UConverter *cnv) { (void)cnv; }
SHIM int8_t ucnv_getMaxCharSize(const UConverter *cnv) { (void)cnv; return 1; }
SHIM const char *ucnv_getName(const UConverter *cnv, UErrorCode *status) { (void)cnv; refuse(status); return ""; }
SHIM const char *ucnv_getStandardName(const char *name, const char *standard, UErrorCode *status)
{ (void)name; (void)standard; refuse(status); return NULL; }
SHIM const char *ucnv_getAvailableName(int32_t n) { (void)n; return NULL; }
SHIM int32_t ucnv_countAvailable(void) { return 0; }
SHIM int32_t ucnv_toUCountPending(const UConverter *cnv, UErrorCode *status) { (void)cnv; refuse(status); return 0; }
SHIM int32_t ucnv_fromUCountPending(const UConverter *cnv, UErrorCode *status) { (void)cnv; refuse(status); return 0; }
SHIM void ucnv_getToUCallBack(const UConverter *cnv, void **action, const void **context)
{ (void)cnv; no_callback(action, context); }
SHIM void ucnv_getFromUCallBack(const UConverter *cnv, void **action, const void **context)
{ (void)cnv; no_callback(action, context); }
SHIM void ucnv_setToUCallBack(UConverter *cnv, void *action, const void *context, void **old_action,
                              const void **old_context, UErrorCode *status)
{ (void)cnv; (void)action; (void)context; no_callback(old_action, old_context); refuse(status); }
SHIM void ucnv_setFromUCallBack(UConverter *cnv, void *action, const void *context, void **old_action,
                                const void **old_context, UErrorCode *status)
{ (void)cnv; (void)action; (void)context; no_callback(old_action, old_context); refuse(status); }
SHIM void ucnv_cbToUWriteUChars(void *args, const void *source, int32_t length, int32_t offset, UErrorCode *status)
{ (void)args; (void)source; (void)length; (void)offset; refuse(status); }
SHIM void ucnv_cbFromUWriteUChars(void *args, const void **source, const void *limit, int32_t offset, UErrorCode *status)
{ (void)args; (void)source; (void)limit; (void)offset; refuse(status); }
SHIM void ucnv_toUnicode(UConverter *cnv, void **target, const void *target_limit, const char **source,
                         const char *source_limit, int32_t *offsets, int8_t flush, UErrorCode *status)
{ (void)cnv; (void)target; (void)target_limit; (void)source; (void)source_limit; (void)offsets; (void)flush; refuse(status); }
SHIM void ucnv_fromUnicode(UConverter *cnv, char **target, const char *target_limit, const void **source,
                           const void *source_limit, int32_t *offsets, int8_t flush, UErrorCode *status)
{ (void)cnv; (void)target; (void)target_limit; (void)source; (void)source_limit; (void)offsets; (void)flush; refuse(status); }
