@echo off
rem Per-user install of CTI Connector on Windows (no administrator rights needed).
rem Copies a self-contained win-x64 publish to %LOCALAPPDATA%\CtiConnector, registers the
rem tel:, sip:, sips: and callto: handlers and the autostart entry under HKCU, and adds a
rem Start-menu entry. The data folder (%APPDATA%\cti-connector) is never touched.
setlocal EnableExtensions EnableDelayedExpansion

set "SCHEMES=tel sip sips callto"
set "DEST=%LOCALAPPDATA%\CtiConnector"
set "DATA=%APPDATA%\cti-connector"
set "EXE=%DEST%\cti.exe"
set "MENU=%APPDATA%\Microsoft\Windows\Start Menu\Programs"
set "RUNKEY=HKCU\Software\Microsoft\Windows\CurrentVersion\Run"
set "SRC="
set "AUTOSTART=1"
set "HANDLERS=1"

:args
if "%~1"=="" goto args_done
if /i "%~1"=="/?" goto usage
if /i "%~1"=="-h" goto usage
if /i "%~1"=="--help" goto usage
if /i "%~1"=="/from" (set "SRC=%~2" & shift & shift & goto args)
if /i "%~1"=="--from" (set "SRC=%~2" & shift & shift & goto args)
if /i "%~1"=="/noautostart" (set "AUTOSTART=0" & shift & goto args)
if /i "%~1"=="--no-autostart" (set "AUTOSTART=0" & shift & goto args)
if /i "%~1"=="/nohandlers" (set "HANDLERS=0" & shift & goto args)
if /i "%~1"=="--no-handlers" (set "HANDLERS=0" & shift & goto args)
echo install.cmd: unknown option %1 1>&2
goto usage_error

:args_done
rem The publish to install: /from DIR, else the folder holding this script, else its publish\ subfolder.
if not defined SRC (
  if exist "%~dp0cti.exe" (set "SRC=%~dp0.") else set "SRC=%~dp0publish"
)
if not exist "%SRC%\cti.exe" (
  echo install.cmd: "%SRC%" does not hold a win-x64 publish ^(no cti.exe^) 1>&2
  exit /b 1
)

rem 1. Stop a running agent: its pid is in agent.json in the data folder.
set "PID="
if exist "%DATA%\agent.json" (
  for /f "tokens=2 delims=:, " %%p in ('findstr /c:"\"pid\"" "%DATA%\agent.json"') do set "PID=%%p"
)
if defined PID (
  tasklist /fi "PID eq !PID!" /fi "IMAGENAME eq cti.exe" 2>nul | find /i "cti.exe" >nul && (
    echo Stopping the running agent ^(pid !PID!^)...
    taskkill /pid !PID! >nul 2>&1
    timeout /t 3 /nobreak >nul
    tasklist /fi "PID eq !PID!" /fi "IMAGENAME eq cti.exe" 2>nul | find /i "cti.exe" >nul && taskkill /f /pid !PID! >nul 2>&1
    timeout /t 1 /nobreak >nul
  )
)

rem 2. Program files (mirrored: files of an older version are removed).
set "UPGRADE=0"
if exist "%EXE%" set "UPGRADE=1"
robocopy "%SRC%" "%DEST%" /mir /r:2 /w:1 /np /nfl /ndl /njh /njs >nul
if errorlevel 8 (
  echo install.cmd: copying to "%DEST%" failed 1>&2
  exit /b 1
)
copy /y "%~dp0uninstall.cmd" "%DEST%\uninstall.cmd" >nul 2>&1

rem A launcher for the Start menu: opens the web UI, starting the agent first if needed.
(
  echo @echo off
  echo "%%~dp0cti.exe" ui 2^>nul ^&^& exit /b 0
  echo start "" /min "%%~dp0cti.exe" agent
  echo timeout /t 3 /nobreak ^>nul
  echo "%%~dp0cti.exe" ui
) > "%DEST%\CTI Connector.cmd"

rem 3. URI handlers: HKCU\Software\Classes\<scheme>.
for %%s in (%SCHEMES%) do (
  if "%HANDLERS%"=="1" (
    reg add "HKCU\Software\Classes\%%s" /ve /d "URL:%%s" /f >nul
    reg add "HKCU\Software\Classes\%%s" /v "URL Protocol" /d "" /f >nul
    reg add "HKCU\Software\Classes\%%s\DefaultIcon" /ve /d "\"%EXE%\",0" /f >nul
    reg add "HKCU\Software\Classes\%%s\shell\open\command" /ve /d "\"%EXE%\" dial \"%%1\"" /f >nul
  ) else (
    reg query "HKCU\Software\Classes\%%s\shell\open\command" /ve 2>nul | find /i "CtiConnector" >nul && reg delete "HKCU\Software\Classes\%%s" /f >nul
  )
)

rem 4. Autostart at login.
if "%AUTOSTART%"=="1" (
  reg add "%RUNKEY%" /v CtiConnector /d "\"%EXE%\" agent" /f >nul
) else (
  reg delete "%RUNKEY%" /v CtiConnector /f >nul 2>&1
)

rem 5. Start-menu entry: an Internet shortcut (.url) to the launcher, no .lnk needed.
set "URLPATH=%DEST%\CTI Connector.cmd"
set "URLPATH=!URLPATH:\=/!"
set "URLPATH=!URLPATH: =%%20!"
if not exist "%MENU%" mkdir "%MENU%"
(
  echo [InternetShortcut]
  echo URL=file:///!URLPATH!
  echo IconFile=%EXE%
  echo IconIndex=0
) > "%MENU%\CTI Connector.url"

echo.
if "%UPGRADE%"=="1" (echo CTI Connector upgraded.) else echo CTI Connector installed.
echo   program    %DEST%
echo   data       %DATA% (kept as it is)
if "%HANDLERS%"=="1" (echo   handlers   %SCHEMES% -^> HKCU\Software\Classes) else echo   handlers   not registered
if "%AUTOSTART%"=="1" (echo   autostart  %RUNKEY%\CtiConnector) else echo   autostart  off
echo   start menu "%MENU%\CTI Connector.url"
if defined PID echo   A running agent was stopped; it starts again at the next login, or run: "%EXE%" agent
echo Uninstall with: "%DEST%\uninstall.cmd"  (add /purge to delete the data folder too)
exit /b 0

:usage
echo Usage: install.cmd [/from DIR] [/noautostart] [/nohandlers]
echo.
echo Installs or upgrades CTI Connector for the current user in %%LOCALAPPDATA%%\CtiConnector.
echo   /from DIR      the win-x64 publish folder to install (default: this script's folder
echo                  when it holds cti.exe, else its publish\ subfolder)
echo   /noautostart   do not start the agent at login
echo   /nohandlers    do not register tel:, sip:, sips:, callto:
echo The data folder %%APPDATA%%\cti-connector is kept as it is.
exit /b 0

:usage_error
echo Usage: install.cmd [/from DIR] [/noautostart] [/nohandlers] 1>&2
exit /b 2
