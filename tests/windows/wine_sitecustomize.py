"""Test shim for Wine 8 only, installed as sitecustomize.py into the Windows Python that
check_windows.sh sets up (never into the app's bundle).

Python 3.12+ copies files in shutil.copy2 (so copytree) with kernel32's CopyFile2 on Windows;
Wine 8's kernel32 has none and aborts the process. Without _winapi.CopyFile2, shutil copies the
bytes and then the metadata itself (copyfile + copystat), as it does on Windows before 3.12.
"""

import ctypes

if hasattr(ctypes.WinDLL("ntdll"), "wine_get_version"):
    import _winapi

    if hasattr(_winapi, "CopyFile2"):
        del _winapi.CopyFile2
