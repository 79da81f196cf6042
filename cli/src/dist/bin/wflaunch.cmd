@echo off
rem wflaunch: starts and tracks AWS workflow runs. Runs lib\wflaunch.jar of this installation with Java 17 or
rem later, found through JAVA_HOME, else the java on the PATH. Extra JVM options: JAVA_OPTS, WFLAUNCH_OPTS.
setlocal

set "APP_HOME=%~dp0.."
set "JAR=%APP_HOME%\lib\wflaunch.jar"
if not exist "%JAR%" (
  echo wflaunch: %JAR% is missing: unpack the whole archive and run bin\wflaunch.cmd from it 1>&2
  exit /b 9
)

if defined JAVA_HOME (
  set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
) else (
  set "JAVA_EXE=java.exe"
)
if defined JAVA_HOME if not exist "%JAVA_EXE%" (
  echo wflaunch: JAVA_HOME is %JAVA_HOME%, which has no bin\java.exe: point it at a Java 17 ^(or later^) installation or unset it 1>&2
  exit /b 9
)
if not defined JAVA_HOME (
  where java.exe >nul 2>nul
  if errorlevel 1 (
    echo wflaunch: no java found: install Java 17 or later, and put its bin directory on the PATH or set JAVA_HOME 1>&2
    exit /b 9
  )
)

rem Java 16 or earlier cannot load the jar's classes: say so instead of a class version error.
"%JAVA_EXE%" -version 2>&1 | findstr /l /c:"version \"1." /c:"version \"9" /c:"version \"10" /c:"version \"11" /c:"version \"12" /c:"version \"13" /c:"version \"14" /c:"version \"15" /c:"version \"16" >nul
if not errorlevel 1 (
  echo wflaunch: %JAVA_EXE% is older than Java 17; wflaunch needs Java 17 or later ^(set JAVA_HOME to one^) 1>&2
  exit /b 9
)

"%JAVA_EXE%" %JAVA_OPTS% %WFLAUNCH_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
