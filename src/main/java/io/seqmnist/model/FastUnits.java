package io.seqmnist.model;

import ai.djl.nn.Block;
import io.seqmnist.UserError;

/**
 * Where {@code fast-rnn} and {@code fast-gru} get their recurrent units. Those units compute on
 * OpenBLAS and live in the accelerator ({@code io.seqmnist.accel}), which is above this package:
 * it registers them here when it is turned on. Until then asking for one is a one-line
 * {@link UserError} that says why the accelerator is off. Every other model is plain DJL.
 */
public final class FastUnits {

    /** Makes the units, with the contract and parameter names of DJL's RNN and GRU blocks. */
    public interface Provider {
        Block elman(int hidden);

        Block gru(int hidden);
    }

    private static volatile Provider provider;
    private static volatile String whyNot = "it was not turned on in this process";

    private FastUnits() {}

    /** Called by the accelerator once it is on. */
    public static void provide(Provider units) {
        provider = units;
    }

    /** Why there are no fast units, for the error message (ignored once they are provided). */
    public static void unavailable(String why) {
        whyNot = why;
    }

    public static boolean available() {
        return provider != null;
    }

    static Block elman(int hidden) {
        return require("fast-rnn").elman(hidden);
    }

    static Block gru(int hidden) {
        return require("fast-gru").gru(hidden);
    }

    static Provider require(String model) {
        Provider units = provider;
        if (units == null) {
            throw new UserError(model + " needs the accelerator, which is off (" + whyNot
                    + "); turn it on with --accel on or SEQMNIST_ACCEL=on (Linux x86-64 only;"
                    + " in a program: io.seqmnist.accel.Accelerator.enable)");
        }
        return units;
    }
}
