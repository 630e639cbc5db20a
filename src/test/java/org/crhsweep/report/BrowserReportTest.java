package org.crhsweep.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.crhsweep.analysis.ExponentDistribution;
import org.crhsweep.analysis.LayerPhase;
import org.crhsweep.analysis.ReportData;
import org.crhsweep.analysis.SweepAnalyses;
import org.crhsweep.analysis.WeightDecayScaling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a report with every section filled in headless Chromium: every image must decode and the
 * page must log no error. The page itself has no script; the test adds a probe that writes its
 * verdict into the DOM, which {@code --dump-dom} prints. A screenshot of the page stays under
 * target/. Without a Chromium on the PATH the test is skipped, except under CI (CI=true), where
 * .ci/run installs it and its absence is a failure.
 */
class BrowserReportTest {

  static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
      "--disable-background-networking");

  private static final String HEAD_PROBE = "<script>window.__errors=[];"
      + "window.addEventListener('error',function(e){__errors.push('error: '+(e.message||(e.target&&e.target.tagName)"
      + "||'?'))},true);var __ce=console.error;console.error=function(){__errors.push('console.error: '"
      + "+Array.prototype.join.call(arguments,' '));__ce.apply(console,arguments)};</script>";

  private static final String BODY_PROBE = "<script>window.addEventListener('load',function(){"
      + "var imgs=document.images,bad=[];for(var i=0;i<imgs.length;i++){if(!imgs[i].complete||imgs[i].naturalWidth<1)"
      + "bad.push(i)}var v=document.createElement('pre');v.id='crh-verdict';"
      + "v.textContent=(bad.length||__errors.length?'FAIL':'OK')+' images='+imgs.length+' undecoded='+bad.join(',')"
      + "+' errors='+__errors.join(' | ')+claims();document.body.appendChild(v)});"
      // Every tested claim row shows a number above chance (exponents excepted: they have no chance level).
      + "function claims(){var rows=document.querySelectorAll('table.claims tr'),n=0,bad=[];"
      + "for(var i=1;i<rows.length;i++){var c=rows[i].querySelector('td.chance'),v=rows[i].querySelector('td.verdict');"
      + "if(!c||!v){bad.push(i);continue}if(v.textContent==='not tested'||/^Fitted exponents/.test(rows[i].cells[0]"
      + ".textContent))continue;n++;if(!/\\d/.test(c.textContent))bad.push(i)}"
      + "return ' claims='+n+' without-above-chance='+bad.join(',')}</script>";

  private static final Pattern VERDICT = Pattern.compile("<pre id=\"crh-verdict\">([^<]*)</pre>");

  @TempDir Path dir;

  @Test
  void everyImageDecodesAndThePageLogsNoError() throws Exception {
    String chromium = chromium();
    assumeThat(chromium != null || "true".equals(System.getenv("CI")))
        .as("no chromium on the PATH (apt-get install chromium); skipped outside CI").isTrue();
    assertThat(chromium).as("chromium on the PATH (.ci/run installs it)").isNotNull();

    Path index = ReportWriter.write(dir.resolve("report"), fullData());
    String html = Files.readString(index);
    int images = html.split("data:image/png;base64,", -1).length - 1;
    assertThat(images).isGreaterThan(10);
    Path probed = dir.resolve("probed.html");
    Files.writeString(probed, html.replace("</head>", HEAD_PROBE + "</head>").replace("</body>", BODY_PROBE + "</body>"),
        StandardCharsets.UTF_8);

    String dom = run(chromium, List.of("--dump-dom", "--virtual-time-budget=10000"), probed, "dom");
    Matcher m = VERDICT.matcher(dom);
    assertThat(m.find()).as("the probe's verdict in the dumped DOM:%n%s", tail(dom)).isTrue();
    // Later layers, weight decay rises, weight decay 0 and neural collapse, under each statistic.
    assertThat(m.group(1)).isEqualTo("OK images=" + images + " undecoded= errors= claims=8 without-above-chance=");

    Path shot = Path.of("target", "report-screenshot.png").toAbsolutePath();
    Files.deleteIfExists(shot);
    run(chromium, List.of("--hide-scrollbars", "--window-size=1400,2400", "--screenshot=" + shot), index, "shot");
    assertThat(shot).exists();
    assertThat(Files.size(shot)).isGreaterThan(10_000);
  }

  /** The synthetic sweep with every analysis filled in: scaling from moments, exponents, two seeds. */
  static ReportData fullData() {
    ReportData base = Synthetic.data();
    List<LayerPhase> phases = new ArrayList<>(base.phases());
    for (LayerPhase p : base.phases()) {
      if (p.batchSize() == 16) {
        phases.add(new LayerPhase(p.pointId() + "-s2", p.arch(), p.batchSize(), p.learningRate(), p.weightDecay(),
            2L, p.layer(), p.layerName(), p.stat(), p.phase(), p.signature(), p.phaseSignificant(),
            p.signatureSignificant(), p.alignment().map(v -> v + 0.01 * (p.learningRate() * 10 + p.layer())),
            p.nullAlignment()));
      }
    }
    Random rnd = new Random(1);
    List<WeightDecayScaling.FinalMoment> moments = new ArrayList<>();
    List<ExponentDistribution.FinalExponent> exponents = new ArrayList<>();
    for (LayerPhase p : phases) {
      for (double wd : new double[] {1e-3, 1e-2, 1e-1}) {
        double gB = Math.pow(wd, 1.8 + 0.1 * p.layer()) * Math.exp(0.1 * rnd.nextGaussian());
        moments.add(new WeightDecayScaling.FinalMoment(p.pointId(), p.arch(), wd, p.layer(), p.layerName(), p.stat(), gB, 1,
            2));
      }
      exponents.add(new ExponentDistribution.FinalExponent(p.pointId(), p.layer(), p.stat(), "Z_b~H_b",
          1 + 0.5 * rnd.nextGaussian(), 0.95));
    }
    Map<String, Double> nc1 = new TreeMap<>();
    phases.forEach(p -> nc1.put(p.pointId(), 0.5 + rnd.nextDouble()));
    return new ReportData(base.sweep(), base.specHash(), base.generatedAt(), base.points(), phases, base.curves(),
        SweepAnalyses.compute(new SweepAnalyses.Inputs(phases, moments, exponents, nc1, 0.9)));
  }

  private String run(String chromium, List<String> extra, Path page, String name) throws IOException,
      InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(chromium);
    cmd.addAll(FLAGS);
    cmd.add("--user-data-dir=" + dir.resolve("profile-" + name));
    cmd.addAll(extra);
    cmd.add(page.toUri().toString());
    Path out = dir.resolve(name + ".out");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(dir.resolve(name + ".err").toFile())
        .start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 120 s: " + String.join(" ", cmd));
    }
    return Files.readString(out);
  }

  static String chromium() {
    String override = System.getenv("CRH_CHROMIUM");
    if (override != null && !override.isBlank()) {
      return override;
    }
    for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String exe : List.of("chromium", "chromium-browser", "google-chrome")) {
        File f = new File(dirName, exe);
        if (f.canExecute()) {
          return f.getAbsolutePath();
        }
      }
    }
    return null;
  }

  private static String tail(String s) {
    return s.length() <= 2000 ? s : s.substring(s.length() - 2000);
  }
}
