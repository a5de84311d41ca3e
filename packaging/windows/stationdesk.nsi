; StationDesk (社区服务站工作台): the per-user Windows installer, written by hand because
; Tauri's own NSIS bundling downloads a plugin DLL at build time and cannot work offline.
; Built on Linux by scripts/windows/bundle.sh (make bundle-windows) with Debian's makensis:
;   makensis -INPUTCHARSET UTF8 -DVERSION=0.1.0 -DSTAGE=<folder> -DOUTFILE=<setup.exe> \
;            -DICON=<icon.ico> stationdesk.nsi
; STAGE holds what is installed, as it is laid out in the install folder: stationdesk.exe,
; stationdesk-cli.exe, WebView2Loader.dll, LICENSE.txt and fonts\ (tauri.conf.json's
; bundle.resources). No administrator rights: the program goes to
; %LOCALAPPDATA%\Programs\StationDesk, its Start-menu entries and uninstall entry to the
; current user. The station's records (%APPDATA%\StationDesk) are never touched here.
; Silent: setup.exe /S installs; uninstall.exe /S removes it again.

Unicode true
; Debian's default stub is 32-bit; the program is 64-bit and so is the installer.
Target amd64-unicode
SetCompressor /SOLID lzma
ManifestDPIAware true
RequestExecutionLevel user

!ifndef VERSION
  !error "makensis -DVERSION=x.y.z (tauri.conf.json's version)"
!endif
!ifndef STAGE
  !error "makensis -DSTAGE=<folder with what is installed>"
!endif
!ifndef OUTFILE
  !define OUTFILE "StationDesk_${VERSION}_x64-setup.exe"
!endif

!define PRODUCT "StationDesk"
!define NAME_ZH "社区服务站工作台"
!define PUBLISHER "StationDesk developers"
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\StationDesk"
; The Evergreen WebView2 Runtime's client id (Microsoft's documented registry check).
!define WEBVIEW2_ID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WEBVIEW2_URL "https://go.microsoft.com/fwlink/p/?LinkId=2124703"

Name "${NAME_ZH} ${PRODUCT}"
Caption "${NAME_ZH} ${VERSION} 安装"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\StationDesk"
InstallDirRegKey HKCU "${UNINSTALL_KEY}" "InstallLocation"
ShowInstDetails show
ShowUninstDetails show
BrandingText "${NAME_ZH} ${VERSION}"

; The version in the setup's own file properties (right click → 属性 → 详细信息).
VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=0 "ProductName" "${NAME_ZH} ${PRODUCT}"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileDescription" "${NAME_ZH} ${VERSION} 安装程序"
VIAddVersionKey /LANG=0 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=0 "LegalCopyright" "MIT (fonts: see fonts\README.md)"

!include "MUI2.nsh"
!include "LogicLib.nsh"
!include "FileFunc.nsh"

!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_ABORTWARNING
!define MUI_FINISHPAGE_RUN "$INSTDIR\stationdesk.exe"
!define MUI_FINISHPAGE_RUN_TEXT "立即打开${NAME_ZH}"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "SimpChinese"

; Whether the WebView2 Runtime the window is drawn with is installed: $0 is its version,
; empty when it is not (per-machine 64-bit and 32-bit views, then per-user).
!macro FindWebView2
  SetRegView 64
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WEBVIEW2_ID}" "pv"
  ${EndIf}
  ${If} $0 == "0.0.0.0"
    StrCpy $0 ""
  ${EndIf}
!macroend

Function .onInit
  SetShellVarContext current
  !insertmacro FindWebView2
  ${If} $0 == ""
    ; Silent installs (/S) go on: the runtime can be installed afterwards.
    MessageBox MB_YESNOCANCEL|MB_ICONEXCLAMATION "这台电脑上没有找到 Microsoft Edge WebView2 运行时，${NAME_ZH}需要它来显示窗口。$\r$\n$\r$\nWindows 10 和 Windows 11 一般已自带；如果没有，请从微软官网下载安装“WebView2 Runtime”（常青版引导程序，免费），或请街道的信息技术人员帮助安装，然后再打开${NAME_ZH}。$\r$\n$\r$\n点“是”：打开微软的下载页面，并继续安装；$\r$\n点“否”：直接继续安装；$\r$\n点“取消”：退出安装。" /SD IDNO IDYES open IDNO done
    Abort
    open:
      ExecShell "open" "${WEBVIEW2_URL}"
    done:
  ${EndIf}
FunctionEnd

Section "${NAME_ZH}" SecMain
  SectionIn RO
  SetShellVarContext current
  SetOutPath "$INSTDIR"
  File "${STAGE}/stationdesk.exe"
  File "${STAGE}/stationdesk-cli.exe"
  File "${STAGE}/WebView2Loader.dll"
  File "${STAGE}/LICENSE.txt"
  ; The fonts notices are printed in, with their licences (notice engine: <exe dir>\fonts).
  SetOutPath "$INSTDIR\fonts"
  File /r "${STAGE}/fonts/*.*"
  SetOutPath "$INSTDIR"

  WriteUninstaller "$INSTDIR\uninstall.exe"

  CreateDirectory "$SMPROGRAMS\${NAME_ZH}"
  CreateShortcut "$SMPROGRAMS\${NAME_ZH}\${NAME_ZH}.lnk" "$INSTDIR\stationdesk.exe" "" "$INSTDIR\stationdesk.exe" 0
  CreateShortcut "$SMPROGRAMS\${NAME_ZH}\卸载${NAME_ZH}.lnk" "$INSTDIR\uninstall.exe" "" "$INSTDIR\uninstall.exe" 0
  CreateShortcut "$DESKTOP\${NAME_ZH}.lnk" "$INSTDIR\stationdesk.exe" "" "$INSTDIR\stationdesk.exe" 0

  ; 设置 → 应用 (Add/Remove programs), for this user only.
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayName" "${NAME_ZH} ${PRODUCT}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\stationdesk.exe"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize" "$0"
SectionEnd

Function un.onInit
  SetShellVarContext current
FunctionEnd

Section "Uninstall"
  SetShellVarContext current
  ; Only what the installer put here; the station's records in %APPDATA%\StationDesk stay.
  Delete "$INSTDIR\stationdesk.exe"
  Delete "$INSTDIR\stationdesk-cli.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\LICENSE.txt"
  RMDir /r "$INSTDIR\fonts"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"

  Delete "$SMPROGRAMS\${NAME_ZH}\${NAME_ZH}.lnk"
  Delete "$SMPROGRAMS\${NAME_ZH}\卸载${NAME_ZH}.lnk"
  RMDir "$SMPROGRAMS\${NAME_ZH}"
  Delete "$DESKTOP\${NAME_ZH}.lnk"

  DeleteRegKey HKCU "${UNINSTALL_KEY}"
  DetailPrint "本站的记录（%APPDATA%\StationDesk）已保留。"
SectionEnd
