; Inno Setup 6 script: the per-user installer for the Windows bundle dist\cunwu\.
; Compiled by .github/workflows/windows.yml after packaging\build.ps1:
;   ISCC /DAppVersion=0.1.0 /DChineseMessages=<path>\ChineseSimplified.isl packaging\windows\cunwu.iss
; Installs without administrator rights into %LOCALAPPDATA%\Programs\Cunwu, with Start-menu and
; desktop shortcuts named 村务台账. The clerk's data (%LOCALAPPDATA%\Cunwu: database, backups,
; logs; or data\ beside the program in portable mode) is never part of the installation: the
; uninstaller keeps it unless the clerk asks twice for it to be deleted.
; This file is UTF-8 with a byte-order mark, which Inno Setup needs for Chinese text.

#ifndef AppVersion
  #error Pass the version from pyproject.toml: ISCC /DAppVersion=x.y.z cunwu.iss
#endif
; The version resource takes numbers only (0.2.0rc1 -> /DAppNumericVersion=0.2.0).
#ifndef AppNumericVersion
  #define AppNumericVersion AppVersion
#endif
#define AppName "村务台账"

[Setup]
; The AppId identifies the program across versions (upgrades install over it); never change it.
AppId={{837B633B-CDE2-4DF6-BA5D-10D835DC5D66}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Cunwu
VersionInfoVersion={#AppNumericVersion}
VersionInfoProductName={#AppName}
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\Cunwu
DisableDirPage=yes
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ShowLanguageDialog=no
SourceDir=..\..
OutputDir=dist
OutputBaseFilename=cunwu-{#AppVersion}-setup
SetupIconFile=packaging\windows\cunwu.ico
UninstallDisplayIcon={app}\cunwu.exe
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
CloseApplications=yes

[Languages]
; Inno Setup ships no official Simplified Chinese messages; the workflow fetches the translators'
; file and lays it over the English defaults (a message it lacks falls back to English).
#ifdef ChineseMessages
Name: "chs"; MessagesFile: "compiler:Default.isl,{#ChineseMessages}"
#else
Name: "chs"; MessagesFile: "compiler:Default.isl"
#endif

[CustomMessages]
chs.DesktopIcon=在桌面上创建“村务台账”快捷方式
chs.LaunchNow=立即启动村务台账
chs.DeleteDataQuestion=是否同时删除这台电脑上的村务台账数据？%n%n数据包括数据库、自动备份和日志，位于：%n%1%n%n选“否”保留数据（推荐）：重新安装后可以继续使用。
chs.DeleteDataConfirm=删除后数据无法恢复。%n%n请确认已经把数据导出或备份到其他地方。确定要删除吗？

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"

[Files]
; The whole bundle: cunwu.exe, the window program every shortcut starts; cunwu-cli.exe, the same
; program as a console program (subcommands typed in a command prompt print there; scripts);
; and _internal\, which both use.
Source: "dist\cunwu\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the program folder's libraries, never data\ (portable mode).
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\cunwu.exe"; WorkingDir: "{userdocs}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\cunwu.exe"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\cunwu.exe"; Description: "{cm:LaunchNow}"; Flags: nowait postinstall skipifsilent

[Code]
{ After uninstalling: offer to delete the data too. "No" is the default button, and a second
  question confirms, so a clerk clicking through the dialogs keeps the data. A silent
  uninstall never deletes data. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  UserData, PortableData, Shown: String;
begin
  if (CurUninstallStep <> usPostUninstall) or UninstallSilent then
    Exit;
  UserData := ExpandConstant('{localappdata}\Cunwu');
  PortableData := ExpandConstant('{app}\data');
  Shown := '';
  if DirExists(UserData) then
    Shown := UserData;
  if DirExists(PortableData) then
    Shown := Shown + #13#10 + PortableData;
  if Shown = '' then
    Exit;
  if MsgBox(FmtMessage(CustomMessage('DeleteDataQuestion'), [Shown]), mbConfirmation,
            MB_YESNO or MB_DEFBUTTON2) <> IDYES then
    Exit;
  if MsgBox(CustomMessage('DeleteDataConfirm'), mbError, MB_YESNO or MB_DEFBUTTON2) <> IDYES then
    Exit;
  DelTree(UserData, True, True, True);
  DelTree(PortableData, True, True, True);
  DeleteFile(ExpandConstant('{app}\cunwu-portable.txt'));
  RemoveDir(ExpandConstant('{app}'));
end;
