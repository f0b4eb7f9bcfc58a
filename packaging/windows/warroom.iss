; Inno Setup 6 script: Warroom-VERSION-windows-x64-setup.exe from dist\warroom\
; (the one-folder bundle built by packaging\windows\build-windows.ps1).
;
;   iscc /DAppVersion=0.1.0 packaging\windows\warroom.iss
;
; Installs per user by default (no administrator rights needed on a war-room
; laptop; "Install for all users" is offered when elevated), adds a Start menu
; entry, an optional desktop icon, and `warroom-cli` on the user's PATH.
; The data folder (%LOCALAPPDATA%\Warroom\warroom) is never removed by the
; uninstaller: a newer Warroom migrates it, an older one refuses it.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif

[Setup]
AppId={{6C4E3A52-2D0B-4B7E-9E0B-5D3F1C8A7E21}
AppName=Warroom
AppVersion={#AppVersion}
AppPublisher=Warroom
DefaultDirName={autopf}\Warroom
DefaultGroupName=Warroom
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=Warroom-{#AppVersion}-windows-x64-setup
SetupIconFile=warroom.ico
UninstallDisplayIcon={app}\warroom.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add warroom-cli to PATH (command line)"; Flags: unchecked

[Files]
; An upgrade replaces the program folder as a whole, so files a newer build
; no longer ships do not linger.
Source: "..\..\dist\warroom\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\Warroom"; Filename: "{app}\warroom.exe"
Name: "{group}\Uninstall Warroom"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Warroom"; Filename: "{app}\warroom.exe"; Tasks: desktopicon

[Registry]
Root: HKA; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\warroom.exe"; Description: "{cm:LaunchProgram,Warroom}"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Dir: string): Boolean;
var
  Paths: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Paths) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Paths) + ';') = 0;
end;
