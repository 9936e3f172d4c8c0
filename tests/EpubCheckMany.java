// Runs EPUBCheck on many EPUBs in one Java process (tests/test_hostile.py): a JVM for each would take minutes.
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;

public class EpubCheckMany {
    public static void main(String[] args) {
        for (String name : args) {
            DefaultReportImpl report = new DefaultReportImpl(name);
            int result = new EpubCheck(new File(name), report).doValidate();
            System.out.println("RESULT " + result + " " + report.getErrorCount() + " " + report.getWarningCount() + " " + report.getFatalErrorCount() + " " + name);
        }
    }
}
