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
if exist "%USERPROFILE%\.m2\repository\ai\djl\pytorch\pytorch-native-cpu" (
  echo seqmnist: building target\seqmnist.jar ^(mvnw package^) ... 1>&2
) else (
  rem measured with an empty local repository on Linux x86-64: 235 MB for package, 112 MB of it libtorch
  echo seqmnist: first build: the Maven Wrapper fetches Maven ^(about 10 MB^) and the libraries, about 240 MB into %%USERPROFILE%%\.m2 ^(libtorch's jar is about 110 MB of it^), then builds target\seqmnist.jar; a few minutes ... 1>&2
)
call "%ROOT%\mvnw.cmd" -q -B -f "%ROOT%\pom.xml" package "-Dmaven.test.skip=true"
if errorlevel 1 (
  echo seqmnist: build failed 1>&2
  exit /b 1
)

:run
rem DJL unpacks libtorch from the jar on the engine's first start.
set "DJLCACHE=%DJL_CACHE_DIR%"
if not defined DJLCACHE set "DJLCACHE=%USERPROFILE%\.djl.ai"
if not exist "%DJLCACHE%\pytorch" echo seqmnist: when the engine first starts, DJL unpacks libtorch ^(about 450 MB^) into %DJLCACHE% ^(DJL_CACHE_DIR moves it^), once ... 1>&2
if not defined SEQMNIST_HEAP set "SEQMNIST_HEAP=1g"
set "ACCEL="
if defined SEQMNIST_ACCEL set "ACCEL=-Dseqmnist.accel=%SEQMNIST_ACCEL%"
java -Xmx%SEQMNIST_HEAP% -XX:+UseSerialGC "-Dseqmnist.home=%ROOT%" "-Dseqmnist.launcher=bin\seqmnist.cmd" ^
  -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 ^
  %ACCEL% -jar "%JAR%" %*
exit /b %ERRORLEVEL%
