@echo off
rem Removes CTI Connector for the current user: program folder, tel:/sip:/sips:/callto: handlers
rem (only those pointing to CtiConnector), the autostart entry and the Start-menu entry.
rem The data folder (%APPDATA%\cti-connector) is kept unless /purge is given.
setlocal EnableExtensions EnableDelayedExpansion

set "SCHEMES=tel sip sips callto"
set "DEST=%LOCALAPPDATA%\CtiConnector"
set "DATA=%APPDATA%\cti-connector"
set "MENU=%APPDATA%\Microsoft\Windows\Start Menu\Programs"
set "RUNKEY=HKCU\Software\Microsoft\Windows\CurrentVersion\Run"
set "PURGE=0"

:args
if "%~1"=="" goto args_done
if /i "%~1"=="/?" goto usage
if /i "%~1"=="-h" goto usage
if /i "%~1"=="--help" goto usage
if /i "%~1"=="/purge" (set "PURGE=1" & shift & goto args)
if /i "%~1"=="--purge" (set "PURGE=1" & shift & goto args)
echo uninstall.cmd: unknown option %1 1>&2
exit /b 2

:args_done
rem Stop a running agent (pid from agent.json, checked to be cti.exe).
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

for %%s in (%SCHEMES%) do (
  reg query "HKCU\Software\Classes\%%s\shell\open\command" /ve 2>nul | find /i "CtiConnector" >nul && reg delete "HKCU\Software\Classes\%%s" /f >nul
)
reg delete "%RUNKEY%" /v CtiConnector /f >nul 2>&1
del /q "%MENU%\CTI Connector.url" >nul 2>&1

if "%PURGE%"=="1" (
  if exist "%DATA%" rd /s /q "%DATA%"
  echo CTI Connector uninstalled; its data folder was deleted.
) else (
  echo CTI Connector uninstalled. Your data is kept in %DATA% ^(delete it with /purge^).
)

rem Last: the program folder, which may hold this very script (cmd reads a batch file as it
rem runs, so the folder goes in the same line that ends the script).
cd /d "%TEMP%"
(goto) 2>nul & if exist "%DEST%" rd /s /q "%DEST%"
exit /b 0

:usage
echo Usage: uninstall.cmd [/purge]
echo.
echo Removes CTI Connector from %%LOCALAPPDATA%%\CtiConnector, its URI handlers, autostart and
echo Start-menu entries. /purge also deletes the data folder %%APPDATA%%\cti-connector
echo (call history, contacts, settings).
exit /b 0
