package recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The training options the three training commands share: each command's own defaults, help and ranges. */
class TrainingOptionsTest {
    private static TrainingOptions parsed(Object command, String... args) {
        new CommandLine(command).parseArgs(args);
        if (command instanceof TrainLmCommand c) {
            return c.training;
        }
        if (command instanceof ClassifyTrainCommand c) {
            return c.training;
        }
        return ((TranslateTrainCommand) command).training;
    }

    @Test
    void eachCommandKeepsItsOwnDefaults() {
        TrainingOptions lm = parsed(new TrainLmCommand());
        assertEquals(10, lm.epochs);
        assertEquals(0.25, lm.clip);
        assertEquals("sgd", lm.optimizer);
        assertNull(lm.lr);
        TrainingOptions cls = parsed(new ClassifyTrainCommand());
        assertEquals(5, cls.epochs);
        assertEquals(5.0, cls.clip);
        assertEquals("adam", cls.optimizer);
        assertNull(cls.lr);
        TrainingOptions nmt = parsed(new TranslateTrainCommand());
        assertEquals(10, nmt.epochs);
        assertEquals(1.0, nmt.clip);
        assertEquals("adam", nmt.optimizer);
        assertEquals(0.001, nmt.lr);
        for (TrainingOptions t : new TrainingOptions[] {lm, cls, nmt}) {
            assertEquals(10.0, t.checkpointEvery);
            assertEquals(0, t.patience);
            assertEquals(0, t.validEvery);
            assertEquals(0, t.maxSeconds());
        }
    }

    @Test
    void theDefaultRateFollowsTheModelAndOptimiserWhereItIsARule() {
        String[][] lmCases = {{"--cell", "lstm"}, {"--cell", "gru"}, {"--cell", "tcn"}, {"--cell", "rnn"},
            {"--cell", "gru", "--optimizer", "adam"}, {"--cell", "gru", "--lr", "0.7"}};
        double[] lmRates = {20, 5, 4, 2, 0.002, 0.7};
        for (int i = 0; i < lmCases.length; i++) {
            TrainLmCommand lm = new TrainLmCommand();
            parsed(lm, lmCases[i]);
            assertEquals(lmRates[i], lm.rate(), String.join(" ", lmCases[i]));
        }
        String[][] clsCases = {{}, {"--optimizer", "sgd"}, {"--optimizer", "sgd", "--lr", "0.3"}};
        double[] clsRates = {0.001, 0.1, 0.3};
        for (int i = 0; i < clsCases.length; i++) {
            ClassifyTrainCommand cls = new ClassifyTrainCommand();
            parsed(cls, clsCases[i]);
            assertEquals(clsRates[i], cls.rate(), String.join(" ", clsCases[i]));
        }
    }

    @Test
    void helpShowsEachCommandsDefaults() {
        String lm = new CommandLine(new TrainLmCommand()).getUsageMessage();
        String cls = new CommandLine(new ClassifyTrainCommand()).getUsageMessage();
        String nmt = new CommandLine(new TranslateTrainCommand()).getUsageMessage();
        assertTrue(lm.contains("Passes over the training data. Default: 10."), lm);
        assertTrue(cls.contains("Passes over the training data. Default: 5."), cls);
        assertTrue(lm.contains("with sgd 20 for"), lm);
        assertTrue(cls.contains("Default: bag 0.1"), cls);
        assertTrue(nmt.contains("Learning rate (above 0). Default: 0.001."), nmt);
        for (String help : new String[] {lm, cls, nmt}) {
            assertTrue(!help.contains("null"), help);
        }
    }

    @Test
    void durationsTakeAUnitOfHoursMinutesOrSeconds() {
        Durations.Seconds d = new Durations.Seconds();
        assertEquals(90.0, d.convert("90"));
        assertEquals(90.0, d.convert("90s"));
        assertEquals(600.0, d.convert("10m"));
        assertEquals(5400.0, d.convert("1.5h"));
        for (String bad : new String[] {"2d", "1e3", "-1m", "NaN", "Infinity", "", "h"}) {
            assertThrows(CommandLine.TypeConversionException.class, () -> d.convert(bad), bad);
        }
    }
}
