package org.jtgt.login;

/** Login or text data that is not well-formed {@code key=value} text. */
public class TextFormatException extends Exception {

    private static final long serialVersionUID = 1L;

    public TextFormatException(String message) {
        super(message);
    }
}
