/* A stand-in bcryptprimitives.dll for Wine 8.0, whose own lacks ProcessPrng: Rust's
 * standard library (1.78 and later) imports it for random numbers (HashMap keys), so every
 * Rust .exe exits at start (code 53) under that Wine. ProcessPrng is forwarded to
 * RtlGenRandom (advapi32's SystemFunction036). Used ONLY in the throwaway Wine prefixes of
 * `make bundle-windows` and `make test-windows`; never shipped in the installer (real
 * Windows 10/11 has ProcessPrng).
 * Build: x86_64-w64-mingw32-gcc -O2 -shared -o bcryptprimitives.dll processprng.c -ladvapi32 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
