package org.crhsweep.spec;

import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.Reader;
import java.util.regex.Pattern;

/**
 * Jackson's YAML factory, except that YAML's special floats ({@code .nan}, {@code .inf}, {@code -.inf}) read as
 * the doubles they are: Jackson 2.15 tags them as floats and then fails to convert them ("Malformed numeric
 * value '.nan'"), a syntax error that names no field. Read as numbers, they reach {@link NodeReader#asDouble},
 * which names the field and asks for a finite number. Only string input, which is all {@link SpecParser} reads.
 */
final class YamlFloats extends YAMLFactory {
  private static final long serialVersionUID = 1L;

  /** YAML 1.1's spellings, as SnakeYAML's resolver tags them. */
  private static final Pattern NAN = Pattern.compile("\\.(nan|NaN|NAN)");
  private static final Pattern INF = Pattern.compile("[-+]?\\.(inf|Inf|INF)");

  @Override
  protected YAMLParser _createParser(Reader r, IOContext ctxt) throws IOException {
    return new Parser(ctxt, _parserFeatures, _yamlParserFeatures, _loaderOptions, _objectCodec, r);
  }

  private static final class Parser extends YAMLParser {

    Parser(IOContext ctxt, int parserFeatures, int formatFeatures, org.yaml.snakeyaml.LoaderOptions options,
        com.fasterxml.jackson.core.ObjectCodec codec, Reader reader) {
      super(ctxt, parserFeatures, formatFeatures, options, codec, reader);
    }

    @Override
    protected void _parseNumericValue(int expType) throws IOException {
      if (_currToken == JsonToken.VALUE_NUMBER_FLOAT && _cleanedTextValue != null) {
        String text = _cleanedTextValue;
        if (NAN.matcher(text).matches() || INF.matcher(text).matches()) {
          _numberDouble = NAN.matcher(text).matches() ? Double.NaN
              : text.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
          _numTypesValid = NR_DOUBLE;
          return;
        }
      }
      super._parseNumericValue(expType);
    }
  }
}
