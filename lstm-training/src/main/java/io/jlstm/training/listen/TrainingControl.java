package io.jlstm.training.listen;

/** Lets a listener end training after the current epoch. */
public interface TrainingControl {

    /** Stops training after this epoch; {@code reason} is logged and kept in the summary. */
    void requestStop(String reason);
}
