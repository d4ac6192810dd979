"""ICC reference values computed by pingouin 0.7.0 (pandas 3.1.1, scipy 1.17.1).

Made in a throwaway venv outside the repository with, for each table ``t`` below::

    df = pd.DataFrame({"target": np.repeat(np.arange(n), k),
                       "rater": np.tile(np.arange(k), n), "score": t.ravel()})
    pg.intraclass_corr(data=df, targets="target", raters="rater", ratings="score")

pingouin names ICC(2,1) ``ICC(A,1)`` and ICC(3,1) ``ICC(C,1)``; its CI95 column is
rounded to two decimals. Each entry: (ICC, F, p-value, (CI low, CI high)).
"""
import numpy as np

# Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges.
SHROUT_FLEISS = np.array([[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8],
                          [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]], float)
SHROUT_FLEISS_PINGOUIN = {
    "ICC(1,1)": (0.1657417684054755, 1.7946784922394683, 0.16476880834463953, (-0.13, 0.72)),
    "ICC(2,1)": (0.28976377952755916, 11.027247956403299, 0.000134566516484335, (0.02, 0.76)),
    "ICC(3,1)": (0.7148407148407154, 11.027247956403299, 0.000134566516484335, (0.34, 0.95)),
    "ICC(1,k)": (0.44279713367926876, 1.7946784922394683, 0.16476880834463953, (-0.88, 0.91)),
    "ICC(2,k)": (0.6200505475989893, 11.027247956403299, 0.000134566516484335, (0.07, 0.93)),
    "ICC(3,k)": (0.9093155423770697, 11.027247956403299, 0.000134566516484335, (0.68, 0.99)),
}

# Two readers, eight cases (made up for this fixture).
TWO_READERS = np.array([[1.2, 1.5], [2.3, 2.0], [3.1, 3.6], [4.8, 4.1],
                        [5.0, 5.5], [6.2, 6.9], [7.7, 7.1], [8.4, 8.8]])
TWO_READERS_PINGOUIN = {
    "ICC(1,1)": (0.9792800988472348, 95.52555701179583, 4.475691590104164e-07, (0.91, 1.0)),
    "ICC(2,1)": (0.9792584135268851, 86.76904761904785, 2.8757841042006536e-06, (0.9, 1.0)),
    "ICC(3,1)": (0.9772129235276564, 86.76904761904785, 2.8757841042006536e-06, (0.89, 1.0)),
    "ICC(1,k)": (0.9895315972889169, 95.52555701179583, 4.475691590104164e-07, (0.95, 1.0)),
    "ICC(2,k)": (0.9895205263085607, 86.76904761904785, 2.8757841042006536e-06, (0.95, 1.0)),
    "ICC(3,k)": (0.9884751529786241, 86.76904761904785, 2.8757841042006536e-06, (0.94, 1.0)),
}
