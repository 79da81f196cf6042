@echo off
rem wflaunch: starts and tracks AWS workflow runs. Runs lib\wflaunch.jar of this installation with Java 17 or
rem later, found through JAVA_HOME, else the java on the PATH. Extra JVM options: JAVA_OPTS, WFLAUNCH_OPTS.
rem
rem Goto labels, no ( ... ) blocks: cmd reads a whole block before it expands anything, so a path expanded in one
rem that holds ")" (C:\Program Files (x86)\...) would end it early. A path stands in quotes wherever it is
rem expanded, for the same reason and for "&".
setlocal

set "APP_HOME=%~dp0.."
set "JAR=%APP_HOME%\lib\wflaunch.jar"
if exist "%JAR%" goto findJava
echo wflaunch: "%JAR%" is missing: unpack the whole archive and run bin\wflaunch.cmd from it 1>&2
exit /b 9

:findJava
if defined JAVA_HOME goto javaFromJavaHome
where java.exe >nul 2>nul
if errorlevel 1 goto noJava
set "JAVA_EXE=java.exe"
goto checkVersion

:noJava
echo wflaunch: no java found: install Java 17 or later, and put its bin directory on the PATH or set JAVA_HOME 1>&2
exit /b 9

:javaFromJavaHome
rem Without the quotes that JAVA_HOME may have been set with ("C:\Program Files\Java\jdk-17").
set "JAVA_HOME=%JAVA_HOME:"=%"
set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
if exist "%JAVA_EXE%" goto checkVersion
echo wflaunch: JAVA_HOME is "%JAVA_HOME%", which has no bin\java.exe: point it at a Java 17 or later installation or unset it 1>&2
exit /b 9

:checkVersion
rem Java 16 or earlier cannot load the jar's classes: say so instead of a class version error. java -version
rem prints version "1.8.0_392", "9", "11.0.21" or "16-ea": in the patterns, the . after version stands for the quote.
"%JAVA_EXE%" -version 2>&1 | findstr /r /c:"version .1\." /c:"version .9[^0-9]" /c:"version .1[0-6][^0-9]" >nul
if errorlevel 1 goto run
echo wflaunch: "%JAVA_EXE%" is older than Java 17; wflaunch needs Java 17 or later, set JAVA_HOME to one 1>&2
exit /b 9

:run
"%JAVA_EXE%" %JAVA_OPTS% %WFLAUNCH_OPTS% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
