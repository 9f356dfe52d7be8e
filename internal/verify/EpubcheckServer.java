// EpubcheckServer runs epubcheck on one EPUB per line of standard input in
// one JVM, so that a test process pays the JVM's start once rather than per
// book. After each book it prints what epubcheck printed, then a line
// "\u0000done <exit status>".
//
// Run as a single-file source program (java -cp /usr/bin/epubcheck
// EpubcheckServer.java); internal/verify starts it.
import com.adobe.epubcheck.tool.EpubChecker;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

public class EpubcheckServer {
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String path; (path = in.readLine()) != null; ) {
            ByteArrayOutputStream report = new ByteArrayOutputStream();
            PrintStream capture = new PrintStream(report, true, StandardCharsets.UTF_8);
            System.setOut(capture);
            System.setErr(capture);
            int status;
            try {
                status = new EpubChecker().run(new String[] {"-q", path});
            } catch (Throwable t) {
                t.printStackTrace(capture);
                status = 2;
            }
            capture.flush();
            out.print(report.toString(StandardCharsets.UTF_8));
            out.print("\n\u0000done " + status + "\n");
            out.flush();
        }
    }
}
