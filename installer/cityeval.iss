; Inno Setup script (6.x) for the Windows installer of CityEval Desktop.
; Build on Windows after the one-folder app (PyInstaller, installer/cityeval.spec) is in dist\cityeval-desktop:
;   iscc /DAppVersion=0.1.0 installer\cityeval.iss      (the version of pyproject.toml; see docs/install.md)
; The result is dist\cityeval-desktop-VERSION-setup.exe. installer/check-iss.py checks this file's syntax here.

#ifndef AppVersion
  #error Pass the version of pyproject.toml: iscc /DAppVersion=X.Y.Z installer\cityeval.iss
#endif
#define AppName "CityEval Desktop"
#define AppExe "cityeval-desktop.exe"
#define CliExe "cityeval.exe"
#define ProgId "CityEval.Package"

[Setup]
AppId={{7B0C2E8A-3D1F-4C55-9A57-2E61C6B0F4D1}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=CityEval Desktop developers
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\CityEval Desktop
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; per-machine by default; a user without administrator rights can install for themselves
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=cityeval-desktop-{#AppVersion}-setup
SetupIconFile=..\resources\icons\cityeval.ico
UninstallDisplayIcon={app}\{#AppExe}
LicenseFile=..\LICENSE
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; the file association and the PATH entry take effect in Explorer and new consoles at once
ChangesAssociations=yes
ChangesEnvironment=yes

[Languages]
Name: "zh"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
zh.AssocTask=关联 .cityeval 案例包（双击打开核验视图）
en.AssocTask=Open .cityeval case packages with CityEval Desktop (double-click shows the verify view)
zh.PathTask=将命令行工具 cityeval 加入 PATH
en.PathTask=Add the command-line tool cityeval to PATH
zh.PackageType=CityEval 案例包
en.PackageType=CityEval case package
zh.CliGuide=命令行参考
en.CliGuide=Command-line reference

[Tasks]
Name: "assoc"; Description: "{cm:AssocTask}"
Name: "path"; Description: "{cm:PathTask}"
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\dist\cityeval-desktop\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\resources\icons\cityeval.ico"; DestDir: "{app}"; Flags: ignoreversion
Source: "..\docs\cli.md"; DestDir: "{app}\docs"; Flags: ignoreversion
Source: "..\LICENSE"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\cityeval.ico"
Name: "{group}\{cm:CliGuide}"; Filename: "{app}\docs\cli.md"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; IconFilename: "{app}\cityeval.ico"; Tasks: desktopicon

[Registry]
; .cityeval -> ProgID CityEval.Package: its icon, and "open" runs the workbench with the file ("%1"),
; which shows the package in the verify view. HKA is HKLM for a per-machine install, HKCU for a per-user one.
Root: HKA; Subkey: "Software\Classes\.cityeval"; ValueType: string; ValueName: ""; ValueData: "{#ProgId}"; Flags: uninsdeletevalue; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\.cityeval"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-cityeval-package"; Flags: uninsdeletevalue; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\.cityeval\OpenWithProgids"; ValueType: string; ValueName: "{#ProgId}"; ValueData: ""; Flags: uninsdeletevalue; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\{#ProgId}"; ValueType: string; ValueName: ""; ValueData: "{cm:PackageType}"; Flags: uninsdeletekey; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\{#ProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\cityeval.ico,0"; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\{#ProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: assoc
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\SupportedTypes"; ValueType: string; ValueName: ".cityeval"; ValueData: ""; Flags: uninsdeletekey; Tasks: assoc
; the CLI on PATH (machine PATH for a per-machine install, the user's for a per-user one); removed on uninstall
Root: HKLM; Subkey: "SYSTEM\CurrentControlSet\Control\Session Manager\Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: path; Check: IsAdminInstallMode and NeedsAddPath(ExpandConstant('{app}'))
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: path; Check: (not IsAdminInstallMode) and NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
function PathKey(): String;
begin
  if IsAdminInstallMode then
    Result := 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment'
  else
    Result := 'Environment';
end;

function PathRoot(): Integer;
begin
  if IsAdminInstallMode then
    Result := HKEY_LOCAL_MACHINE
  else
    Result := HKEY_CURRENT_USER;
end;

function NeedsAddPath(Dir: String): Boolean;
var
  Current: String;
begin
  if not RegQueryStringValue(PathRoot(), PathKey(), 'Path', Current) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Current) + ';') = 0;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Current, Dir: String;
  At: Integer;
begin
  if CurUninstallStep <> usPostUninstall then
    exit;
  if not RegQueryStringValue(PathRoot(), PathKey(), 'Path', Current) then
    exit;
  Dir := ExpandConstant('{app}');
  At := Pos(';' + Uppercase(Dir), Uppercase(Current));
  if At > 0 then
  begin
    Delete(Current, At, Length(Dir) + 1);
    RegWriteExpandStringValue(PathRoot(), PathKey(), 'Path', Current);
  end;
end;
