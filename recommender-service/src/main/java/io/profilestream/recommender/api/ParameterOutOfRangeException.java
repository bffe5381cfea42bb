package io.profilestream.recommender.api;

/** A request parameter is out of its documented range; answered with 400. */
public class ParameterOutOfRangeException extends RuntimeException {

    private final String parameter;
    private final int min;
    private final int max;

    /**
     * @param parameter the offending parameter's name
     * @param detail    what is wrong, for the problem's detail
     * @param min       smallest allowed value
     * @param max       largest allowed value
     */
    public ParameterOutOfRangeException(String parameter, String detail, int min, int max) {
        super(detail);
        this.parameter = parameter;
        this.min = min;
        this.max = max;
    }

    public String parameter() {
        return parameter;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }
}
