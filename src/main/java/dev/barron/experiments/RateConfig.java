package dev.barron.experiments;

import dev.barron.model.Check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The preset `barron rate` (its checks name the command's options): an erm sweep over n on a log grid (at width m) and over widths (at
 * n = widthN), for every d, constrained (R = radiusFactor ||f*||_P) and, when unconstrained is
 * set, beside it unconstrained (R = inf), seeds replicates each.
 *
 * @param ds           input dimensions
 * @param nMin         smallest n of the grid
 * @param nMax         largest n of the grid (included)
 * @param perDecade    grid points per decade of n
 * @param m            width of the n sweep
 * @param widths       widths of the m sweep (empty: none)
 * @param widthN       n of the m sweep
 * @param radiusFactor R / ||f*||_P
 * @param unconstrained whether R = inf runs beside
 * @param seeds        replicates per point
 * @param fixed        every other erm parameter (sweep keys), among them target_path_norm and seed
 */
public record RateConfig(List<Integer> ds, int nMin, int nMax, int perDecade, int m, List<Integer> widths, int widthN,
                         double radiusFactor, boolean unconstrained, int seeds, Map<String, Object> fixed) {

    public RateConfig {
        ds = List.copyOf(ds);
        widths = List.copyOf(widths);
        fixed = Map.copyOf(fixed);
        if (ds.isEmpty()) {
            throw Check.bad("--d", "(none)", "give at least one input dimension");
        }
        Check.positive("--n-min", nMin);
        if (nMax < nMin) {
            throw Check.bad("--n-max", nMax, "must be >= n-min = " + nMin);
        }
        Check.positive("--per-decade", perDecade);
        Check.positive("--m", m);
        Check.positive("--width-n", widthN);
        Check.positive("--radius-factor", radiusFactor);
        Check.positive("--seeds", seeds);
    }

    /** round(nMin 10^(i / perDecade)) up to nMax, and nMax itself; distinct, increasing. */
    public List<Integer> nGrid() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            long n = Math.round(nMin * Math.pow(10, i / (double) perDecade));
            if (n >= nMax) {
                break;
            }
            if (out.isEmpty() || out.get(out.size() - 1) != n) {
                out.add((int) n);
            }
        }
        out.add(nMax);
        return out;
    }

    /** The sweep: grid d x radius, zip (n, m) = the n grid at m, then widthN at each width. */
    public SweepSpec spec(String backend, String device, dev.barron.model.Precision precision) {
        double targetPathNorm = ((Number) fixed.getOrDefault("target_path_norm", 1.0)).doubleValue();
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        grid.put("d", new ArrayList<>(ds));
        List<Object> radii = new ArrayList<>(List.of(radiusFactor * targetPathNorm));
        if (unconstrained) {
            radii.add(0.0);
        }
        grid.put("radius", radii);
        List<Object> ns = new ArrayList<>();
        List<Object> ms = new ArrayList<>();
        for (int n : nGrid()) {
            ns.add(n);
            ms.add(m);
        }
        for (int w : widths) {
            if (!(w == m && nGrid().contains(widthN))) {
                ns.add(widthN);
                ms.add(w);
            }
        }
        Map<String, List<Object>> zip = new LinkedHashMap<>();
        zip.put("n", ns);
        zip.put("m", ms);
        return new SweepSpec(SweepExperiments.byName("erm"), fixed, grid, zip, seeds, backend, device, precision);
    }
}
