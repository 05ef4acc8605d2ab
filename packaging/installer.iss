; Inno Setup script for the Windows installer of 法治台账 (Inno Setup 6.3 or later).
;
; Normally run by packaging\build_windows.ps1, which passes the version from pyproject.toml:
;   ISCC.exe /DAppVersion=0.1.0 /DSourceDir=<repo>\packaging\dist\FazhiTaizhang ^
;            /DOutputDir=<repo>\packaging\dist packaging\installer.iss
;
; What it does:
; * installs the PyInstaller one-folder build (dist\FazhiTaizhang) — by default for the current
;   user only, into %LOCALAPPDATA%\Programs\FazhiTaizhang, so no administrator rights are needed;
;   the clerk may choose "install for all users" (Program Files) if they have the rights;
; * Start-menu entry and (task, on by default) desktop shortcut to FazhiTaizhang.exe;
; * an uninstaller that removes the program only: the clerk's data folder
;   %LOCALAPPDATA%\FazhiTaizhang (database, backups, log — see yaofu_desktop/paths.py) and the
;   remembered settings stay, and the uninstaller says where the data is;
; * Chinese wizard: Inno's ChineseSimplified.isl when the Inno installation has it (it is one of
;   the "unofficial" translations: copy it into Inno's Languages folder), otherwise the built-in
;   English file with the Chinese [Messages] overrides below (the pages a clerk reads).

#ifndef AppVersion
  #error AppVersion is not defined: build with packaging\build_windows.ps1 or pass /DAppVersion=x.y.z
#endif
#ifndef SourceDir
  #define SourceDir AddBackslash(SourcePath) + "dist\FazhiTaizhang"
#endif
#ifndef OutputDir
  #define OutputDir AddBackslash(SourcePath) + "dist"
#endif

#define AppName "法治台账"
#define AppExe "FazhiTaizhang.exe"
#define AppDirName "FazhiTaizhang"
#define DataDirName "FazhiTaizhang"
#define IconFile AddBackslash(SourcePath) + "..\resources\icons\app.ico"

#if FileExists(AddBackslash(CompilerPath) + "Languages\ChineseSimplified.isl")
  #define ChineseIsl "compiler:Languages\ChineseSimplified.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Unofficial\ChineseSimplified.isl")
  #define ChineseIsl "compiler:Languages\Unofficial\ChineseSimplified.isl"
#elif FileExists(AddBackslash(SourcePath) + "ChineseSimplified.isl")
  #define ChineseIsl AddBackslash(SourcePath) + "ChineseSimplified.isl"
#endif

[Setup]
AppId={{6D1B7C52-3F0A-4E55-9C1E-7A2F4B9D8E31}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppName}
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoDescription={#AppName} 安装程序
DefaultDirName={autopf}\{#AppDirName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableWelcomePage=no
; Per-user install by default: township PCs often give the clerk no administrator rights.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6 needs Windows 10 or later.
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=FazhiTaizhang-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayName={#AppName}
UninstallDisplayIcon={app}\{#AppExe}
CloseApplications=yes
#if FileExists(IconFile)
SetupIconFile={#IconFile}
#endif

[Languages]
#ifdef ChineseIsl
Name: "chinesesimplified"; MessagesFile: "{#ChineseIsl}"
#else
Name: "chinesesimplified"; MessagesFile: "compiler:Default.isl"
#endif

#ifndef ChineseIsl
[Messages]
; Chinese for the pages and buttons the clerk sees (used only when ChineseSimplified.isl is absent).
SetupAppTitle=安装
SetupWindowTitle=安装 - %1
UninstallAppTitle=卸载
UninstallAppFullTitle=卸载 %1
ButtonBack=< 上一步(&B)
ButtonNext=下一步(&N) >
ButtonInstall=安装(&I)
ButtonOK=确定
ButtonCancel=取消
ButtonYes=是(&Y)
ButtonYesToAll=全是(&A)
ButtonNo=否(&N)
ButtonNoToAll=全否(&O)
ButtonFinish=完成(&F)
ButtonBrowse=浏览(&R)...
ButtonWizardBrowse=浏览(&R)...
ButtonNewFolder=新建文件夹(&M)
ExitSetupTitle=退出安装
ExitSetupMessage=安装尚未完成。如果现在退出，程序将不会被安装。%n%n您可以以后再运行安装程序完成安装。%n%n确定要退出安装吗？
WelcomeLabel1=欢迎使用 [name] 安装向导
WelcomeLabel2=现在将在您的电脑上安装 [name/ver]。%n%n建议在继续之前关闭其他正在运行的程序。
WizardSelectDir=选择安装位置
SelectDirDesc=[name] 要安装在哪里？
SelectDirLabel3=安装程序将把 [name] 安装到下面的文件夹中。
SelectDirBrowseLabel=点击“下一步”继续。如果要选择其他文件夹，请点击“浏览”。
DiskSpaceGBLabel=至少需要 [gb] GB 的可用磁盘空间。
DiskSpaceMBLabel=至少需要 [mb] MB 的可用磁盘空间。
WizardSelectTasks=选择附加任务
SelectTasksDesc=要执行哪些附加任务？
SelectTasksLabel2=请选择安装 [name] 时要执行的附加任务，然后点击“下一步”。
WizardReady=准备安装
ReadyLabel1=安装程序已准备好在您的电脑上安装 [name]。
ReadyLabel2a=点击“安装”开始安装。如果要查看或更改设置，请点击“上一步”。
ReadyLabel2b=点击“安装”开始安装。
ReadyMemoDir=安装位置：
ReadyMemoTasks=附加任务：
WizardPreparing=正在准备安装
WizardInstalling=正在安装
InstallingLabel=正在安装 [name]，请稍候。
StatusExtractFiles=正在复制文件...
StatusCreateIcons=正在创建快捷方式...
StatusRollback=正在撤销更改...
FinishedHeadingLabel=[name] 安装完成
FinishedLabelNoIcons=[name] 已安装在您的电脑上。
FinishedLabel=[name] 已安装在您的电脑上。可以通过开始菜单或桌面上的快捷方式打开。
ClickFinish=点击“完成”退出安装程序。
DirExistsTitle=文件夹已存在
DirExists=文件夹：%n%n%1%n%n已经存在。仍然安装到这个文件夹吗？
DirDoesntExistTitle=文件夹不存在
DirDoesntExist=文件夹：%n%n%1%n%n不存在。要创建这个文件夹吗？
ConfirmUninstall=确定要完全删除 %1 吗？（您的数据不会被删除。）
UninstallStatusLabel=正在从您的电脑上删除 %1，请稍候。
UninstalledAll=%1 已从您的电脑上删除。
UninstalledMost=%1 卸载完成。%n%n有些文件无法删除，可以手动删除。
UninstallDataCorrupted=文件“%1”已损坏，无法卸载
WizardUninstalling=卸载状态
StatusUninstalling=正在卸载 %1...
SetupAlreadyRunning=安装程序已经在运行。
WindowsVersionNotSupported=本程序不支持您电脑上运行的 Windows 版本（需要 Windows 10 或更高版本）。
AdminPrivilegesRequired=安装此程序需要管理员权限。
PrivilegesRequiredOverrideTitle=选择安装方式
PrivilegesRequiredOverrideInstruction=选择安装方式
PrivilegesRequiredOverrideText1=%1 可以为所有用户安装（需要管理员权限），也可以只为您自己安装。
PrivilegesRequiredOverrideText2=%1 可以只为您自己安装，也可以为所有用户安装（需要管理员权限）。
PrivilegesRequiredOverrideAllUsers=为所有用户安装(&A)
PrivilegesRequiredOverrideAllUsersRecommended=为所有用户安装（推荐）(&A)
PrivilegesRequiredOverrideCurrentUser=只为我安装(&M)
PrivilegesRequiredOverrideCurrentUserRecommended=只为我安装（推荐）(&M)
ApplicationsFound=下列程序正在使用需要更新的文件。建议让安装程序自动关闭这些程序。
ApplicationsFound2=下列程序正在使用需要更新的文件。建议让安装程序自动关闭这些程序；安装完成后，安装程序会尝试重新启动它们。
CloseApplications=自动关闭这些程序(&A)
DontCloseApplications=不要关闭这些程序(&D)

[CustomMessages]
AdditionalIcons=快捷方式：
CreateDesktopIcon=在桌面上创建快捷方式(&D)
LaunchProgram=运行 %1
#endif

[CustomMessages]
DataKept=您的数据（数据库、备份和日志）保存在下面的文件夹中，没有被删除：%n%n%1%n%n如果以后重新安装，软件会继续使用这些数据。
DirIsDataDir=不能把程序安装到数据文件夹（%1）中。请选择其他文件夹。

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself may leave inside its own folder; never the data folder.
Type: filesandordirs; Name: "{app}\_internal\__pycache__"

[Code]
function DataDir(): String;
begin
  Result := ExpandConstant('{localappdata}\{#DataDirName}');
end;

function NextButtonClick(CurPageID: Integer): Boolean;
var
  Dir, Data: String;
begin
  Result := True;
  if CurPageID = wpSelectDir then
  begin
    Dir := AddBackslash(Lowercase(WizardDirValue()));
    Data := AddBackslash(Lowercase(DataDir()));
    { The uninstaller deletes the program folder: it must never be the data folder. }
    if Pos(Data, Dir) = 1 then
    begin
      MsgBox(FmtMessage(CustomMessage('DirIsDataDir'), [DataDir()]), mbError, MB_OK);
      Result := False;
    end;
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and DirExists(DataDir()) and not UninstallSilent() then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [DataDir()]), mbInformation, MB_OK);
end;
