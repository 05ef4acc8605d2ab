/* Test shim for Wine 8 only, never shipped with the app.
 *
 * The test extras' cryptography package (pulled in by pdfplumber) imports ProcessPrng from
 * bcryptprimitives.dll (Windows 10+), which Wine 8 lacks. This one fills the buffer from
 * RtlGenRandom (advapi32's SystemFunction036), which Wine has. The app itself never needs it. */
#include <windows.h>

typedef BOOLEAN(WINAPI *gen_random_fn)(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    static gen_random_fn gen_random;
    if (gen_random == NULL) {
        HMODULE advapi = LoadLibraryA("advapi32.dll");
        if (advapi == NULL)
            return FALSE;
        gen_random = (gen_random_fn)GetProcAddress(advapi, "SystemFunction036");
        if (gen_random == NULL)
            return FALSE;
    }
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!gen_random(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
