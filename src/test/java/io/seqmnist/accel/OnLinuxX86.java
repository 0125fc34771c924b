package io.seqmnist.accel;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Tests of what the accelerator does to libtorch: they mean something only where it can be on, Linux x86-64 (elsewhere
 * they are reported as skipped: a platform limit, not a failure).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@EnabledOnOs(
        value = OS.LINUX,
        architectures = {"amd64", "x86_64"})
public @interface OnLinuxX86 {}
