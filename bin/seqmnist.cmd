@echo off
rem The seqmnist launcher for Windows, with bin/seqmnist's defaults: builds target\seqmnist.jar
rem through the Maven Wrapper when the jar is missing or older than the sources, and runs it with
rem the same defaults: a 1 GB heap (SEQMNIST_HEAP), offline DJL, one engine thread, datasets in the
rem project's data\ folder; SEQMNIST_ACCEL (auto, on or off) is passed on when set.
setlocal
for %%I in ("%~dp0..") do set "ROOT=%%~fI"
set "JAR=%ROOT%\target\seqmnist.jar"

if not exist "%JAR%" goto build
powershell -NoProfile -Command "$jar = (Get-Item '%JAR%').LastWriteTime; if (Get-ChildItem -Recurse -File '%ROOT%\src\main', '%ROOT%\pom.xml' | Where-Object { $_.LastWriteTime -gt $jar }) { exit 1 }"
if errorlevel 1 goto build
goto run

:build
echo seqmnist: building target\seqmnist.jar (mvnw package; the first build also fetches Maven and the libraries) ... 1>&2
call "%ROOT%\mvnw.cmd" -q -B -f "%ROOT%\pom.xml" package "-Dmaven.test.skip=true"
if errorlevel 1 (
  echo seqmnist: build failed 1>&2
  exit /b 1
)

:run
if not defined SEQMNIST_HEAP set "SEQMNIST_HEAP=1g"
set "ACCEL="
if defined SEQMNIST_ACCEL set "ACCEL=-Dseqmnist.accel=%SEQMNIST_ACCEL%"
java -Xmx%SEQMNIST_HEAP% -XX:+UseSerialGC "-Dseqmnist.home=%ROOT%" "-Dseqmnist.launcher=bin\seqmnist.cmd" ^
  -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 ^
  %ACCEL% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
