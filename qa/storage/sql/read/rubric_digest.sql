SELECT digest FROM rubrics WHERE rubric = $rubric;
