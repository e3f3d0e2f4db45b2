; Inno Setup script of the Windows installer: run `make build` (or `pyinstaller build.spec`) on
; Windows first, then compile this file with Inno Setup 6 (`iscc installer\antq-desk.iss`).
; The installer lands in dist\installer\antq-desk-<version>-setup.exe.
;
; Kept correct by hand: AppVersion must equal desktop/__init__.py __version__ and the file names
; must match what build.spec writes (tests/frozen/test_installer.py checks both).
; The officers' data is NOT in the program folder: uninstalling or upgrading never touches it.
; Installed for all users (as administrator), the installer puts all-users.txt beside the exe and
; makes %PROGRAMDATA%\antq-desk, modifiable by every user: the program sees the marker and keeps
; the office's data there, shared by every Windows account (desktop/core/paths.py). Installed for
; the current user only, there is no marker and the data is in %LOCALAPPDATA%\antq-desk.

#define AppName "ANTQ Desk"
#define AppVersion "0.1.0"
#define AppExe "antq-desk.exe"
#define CliExe "antq-desk-cli.exe"
#define DistDir "..\dist\antq-desk"

[Setup]
; A fixed AppId: every later version upgrades this installation in place.
AppId={{6F1C2B7E-4A8D-4E0B-9C63-2B1D5E7A9F40}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=ANTQ Desk developers
; What Explorer's Properties → Details and SmartScreen show of the installer itself.
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
VersionInfoProductVersion={#AppVersion}
VersionInfoDescription={#AppName} Setup
VersionInfoCompany=ANTQ Desk developers
VersionInfoCopyright=GPL-3.0-or-later, ANTQ Desk developers
SetupIconFile=..\resources\icons\antq-desk.ico
DefaultDirName={autopf}\ANTQ Desk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Installs for all users with admin rights, or for the current user only without them.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
; Qt 6's oldest Windows: 10 version 1809 (installer/version_info.py WINDOWS_MIN_VERSION).
MinVersion=10.0.17763
LicenseFile={#DistDir}\LICENSE
OutputDir=..\dist\installer
OutputBaseFilename=antq-desk-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
CloseApplications=yes

[Languages]
; Inno Setup ships no Vietnamese wizard text (only an unofficial translation exists): the wizard is
; in English; the program itself is Vietnamese. Saved as UTF-8 with BOM for the Vietnamese names.
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Dirs]
; The office's shared data folder in an all-users install; kept when the program is uninstalled.
Name: "{commonappdata}\antq-desk"; Permissions: users-modify; Flags: uninsneveruninstall; Check: IsAdminInstallMode

[Files]
; The whole onedir build: the two programs, _internal\ (Python, Qt, data), LICENSE, README.md.
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; The marker of an all-users install (desktop/core/paths.py ALL_USERS_MARKER).
Source: "all-users.txt"; DestDir: "{app}"; Flags: ignoreversion; Check: IsAdminInstallMode

[InstallDelete]
; An upgrade replaces the bundled libraries wholesale: no stale module from an older build.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{group}\Tự kiểm tra {#AppName}"; Filename: "{cmd}"; Parameters: "/k ""{app}\{#CliExe}"" check --self-test"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
