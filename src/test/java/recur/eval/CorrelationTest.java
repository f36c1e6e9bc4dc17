package recur.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CorrelationTest {
    @Test
    void tiesShareTheMeanRank() {
        assertArrayEquals(new double[] {1.5, 1.5, 3, 5, 5, 5}, Correlation.ranks(new double[] {1, 1, 2, 7, 7, 7}));
        assertArrayEquals(new double[] {3, 1, 2}, Correlation.ranks(new double[] {9, -1, 0}));
    }

    @Test
    void spearmanWithTiesMatchesHandComputedValue() {
        // x ranks: 1, 2.5, 2.5, 4, 5 ; y ranks: 2, 1, 3.5, 3.5, 5
        // mean 3 each; dx = -2,-.5,-.5,1,2 ; dy = -1,-2,.5,.5,2
        // sxy = 2+1-.25+.5+4 = 7.25 ; sxx = 4+.25+.25+1+4 = 9.5 ; syy = 1+4+.25+.25+4 = 9.5
        double[] x = {1, 2, 2, 3, 4};
        double[] y = {20, 10, 30, 30, 50};
        assertEquals(7.25 / 9.5, Correlation.spearman(x, y), 1e-12);
    }

    @Test
    void spearmanIsOneForMonotoneAndMinusOneForReversed() {
        double[] x = {1, 2, 3, 4};
        assertEquals(1.0, Correlation.spearman(x, new double[] {1, 10, 100, 1000}), 1e-12);
        assertEquals(-1.0, Correlation.spearman(x, new double[] {4, 3, 2, 1}), 1e-12);
    }

    @Test
    void pearsonHandValueAndDegenerateCases() {
        // x = 1,2,3 ; y = 1,3,2 : sxy = 1*... dx=-1,0,1 dy=-1,1,0 -> sxy=1, sxx=2, syy=2 -> 0.5
        assertEquals(0.5, Correlation.pearson(new double[] {1, 2, 3}, new double[] {1, 3, 2}), 1e-12);
        assertTrue(Double.isNaN(Correlation.spearman(new double[] {1, 1}, new double[] {1, 2})));
        assertTrue(Double.isNaN(Correlation.spearman(new double[] {1}, new double[] {1})));
    }
}
